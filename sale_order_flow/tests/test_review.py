# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestReview(SaleOrderFlowCase):
    def _codes(self, order):
        return [(r["code"], r["severity"]) for r in order._get_review_reasons()]

    def test_fresh_install_reviews_nothing(self):
        order = self._create_order(lines=[(self.product, 500.0, 1.0)])
        self.assertEqual(order._get_review_reasons(), [])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.locked)

    def test_price_within_tolerance_passes(self):
        self.company.write(
            {"sale_check_price_tolerance": True, "sale_price_tolerance": 10.0}
        )
        order = self._create_order(lines=[(self.product, 1.0, 91.0)])
        self.assertEqual(self._codes(order), [])

    def test_price_below_tolerance_after_discount_needs_review(self):
        self.company.write(
            {"sale_check_price_tolerance": True, "sale_price_tolerance": 10.0}
        )
        order = self._create_order(lines=[(self.product, 1.0, 100.0)])
        order.order_line.discount = 15.0
        reasons = order._get_review_reasons()
        self.assertEqual(
            [(r["code"], r["severity"], r["line_id"]) for r in reasons],
            [("price_below_tolerance", "review", order.order_line.id)],
        )
        self.assertIn("Widget", reasons[0]["message"])

    def test_price_is_compared_to_the_pricelist_rule(self):
        self.company.write(
            {"sale_check_price_tolerance": True, "sale_price_tolerance": 5.0}
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Big customers",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.product.id,
                            "compute_price": "fixed",
                            "fixed_price": 80.0,
                            "min_quantity": 10,
                        }
                    )
                ],
            }
        )
        order = self._create_order(
            lines=[(self.product, 10.0, 78.0), (self.product, 1.0, 78.0)],
            pricelist_id=pricelist.id,
        )
        small_line = order.order_line[1]
        # 78 is within 5 % of the 80 rule for 10 units, not of the 100 list price for 1.
        self.assertEqual(
            [r["line_id"] for r in order._get_review_reasons()], [small_line.id]
        )

    def test_price_below_cost_needs_review(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(
            lines=[(self.product, 2.0, 59.0), (self.service, 1.0, 50.0)]
        )
        self.assertEqual(self._codes(order), [("price_below_cost", "review")])

    def test_stock_check_follows_the_company_setting(self):
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        for setting in ("warn", "review", "block"):
            self.company.sale_stock_check = setting
            self.assertEqual(self._codes(order), [("stock_shortage", setting)])
        self._set_stock(self.product, 5.0)
        self.assertEqual(self._codes(order), [])

    def test_stock_warning_neither_blocks_nor_needs_approval(self):
        self.company.sale_stock_check = "warn"
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_blocking_reasons_are_listed_together(self):
        self.company.sale_stock_check = "block"
        self.type_standard.require_client_order_ref = True
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        message = str(error.exception)
        self.assertIn("customer reference", message)
        self.assertIn("forecast", message)
        self.assertEqual(order.state, "draft")

    def test_panel_shows_the_reasons_before_submission(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 1.0, 10.0)])
        self.assertEqual(order._get_review_panel_values()["outcome"], "submit")
        self.assertIn("below its cost", order.review_panel)

    def test_review_query_count_does_not_grow_with_lines(self):
        self._turn_every_check_on()
        small, big = self._order_with_lines(1), self._order_with_lines(20)
        self.env.flush_all()
        # Run the pending pre-commit work of the fixtures (bus notifications of the users'
        # groups) now, as assertQueryCount does, so that only the review's queries count.
        self.env.cr.flush()
        # Warm Odoo's registry caches (access rules...) so that only the review's own
        # queries count.
        for order in (small, big):
            self.env.invalidate_all()
            order._get_review_reasons()
        counts = []
        for order in (small, big):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            reasons = order._get_review_reasons()
            counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(
                len(reasons), 2 * len(order.order_line), "price and stock per line"
            )
        self.assertEqual(counts[0], counts[1], counts)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[1]):
            big._get_review_reasons()
