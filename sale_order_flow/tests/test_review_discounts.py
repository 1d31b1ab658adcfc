# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.tests import Form, tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestReviewDiscounts(SaleOrderFlowCase):
    """Discounts given on the order as a whole are reviewed like discounts on the lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson.groups_id |= cls.env.ref("sale.group_discount_per_so_line")
        # The discount product as Odoo's Discount button creates it the first time an
        # administrator uses it.
        cls.gadget, cls.gift, cls.discount_product = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "type": product_type,
                    "list_price": price,
                    "standard_price": cost,
                    "taxes_id": [Command.clear()],
                }
                for name, product_type, price, cost in (
                    ("Gadget", "consu", 100.0, 50.0),
                    ("Gift card", "service", 0.0, 0.0),
                    ("Discount", "service", 0.0, 0.0),
                )
            ]
        )
        cls.company.sale_discount_product_id = cls.discount_product

    def _check_prices(self, tolerance=True, cost=True):
        self.company.write(
            {
                "sale_check_price_tolerance": tolerance,
                "sale_price_tolerance": 10.0,
                "sale_check_below_cost": cost,
            }
        )

    def _reasons(self, order):
        return [
            (r["code"], r["severity"], r["line_id"])
            for r in order._get_review_reasons()
        ]

    def _messages(self, order, code):
        return [r["message"] for r in order._get_review_reasons() if r["code"] == code]

    def _apply_discount_wizard(self, order, discount_type, **values):
        """The salesperson clicks Discount on the order and fills the wizard in."""
        wizard_form = Form(
            self.env["sale.order.discount"]
            .with_user(self.salesperson)
            .with_context(active_id=order.id)
        )
        wizard_form.discount_type = discount_type
        for field, value in values.items():
            setattr(wizard_form, field, value)
        wizard_form.save().action_apply_discount()

    # --- the Discount wizard, in each of its modes ---

    def test_global_discount_of_the_wizard_is_reviewed(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self._apply_discount_wizard(order, "so_discount", discount_percentage=0.95)
        gadget_line, discount_line = order.order_line.sorted("sequence")
        self.assertEqual(discount_line.product_id, self.discount_product)
        self.assertAlmostEqual(discount_line.price_subtotal, -5700.0)
        self.assertEqual(
            self._reasons(order),
            [
                ("price_below_tolerance", "review", gadget_line.id),
                ("price_below_cost", "review", gadget_line.id),
            ],
        )
        net = order._format_amount(5.0)
        for code in ("price_below_tolerance", "price_below_cost"):
            [message] = self._messages(order, code)
            self.assertIn(net, message)
            self.assertIn("95.0%", message)
        self.assertIn(net, order._get_review_panel_values()["reviews"][0])

    def test_fixed_amount_of_the_wizard_is_reviewed(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self._apply_discount_wizard(order, "amount", discount_amount=5700.0)
        self.assertEqual(
            [code for code, __, __ in self._reasons(order)],
            ["price_below_tolerance", "price_below_cost"],
        )
        self.assertIn(
            order._format_amount(5.0), self._messages(order, "price_below_cost")[0]
        )

    def test_discount_on_all_lines_of_the_wizard_is_reviewed(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self._apply_discount_wizard(order, "sol_discount", discount_percentage=0.95)
        self.assertEqual(order.order_line.discount, 95.0)
        self.assertEqual(
            self._reasons(order),
            [
                ("price_below_tolerance", "review", order.order_line.id),
                ("price_below_cost", "review", order.order_line.id),
            ],
        )

    def test_small_global_discount_stays_within_tolerance(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self._apply_discount_wizard(order, "so_discount", discount_percentage=0.05)
        self.assertEqual(self._reasons(order), [])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_order_with_a_wizard_discount_goes_to_approval(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self._apply_discount_wizard(order, "so_discount", discount_percentage=0.95)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertIn("below its cost", order.review_summary)

    # --- other negative lines ---

    def test_discount_product_line_counts_in_the_checks(self):
        self._check_prices(tolerance=False)
        order = self._create_order(
            lines=[(self.gadget, 60.0, 100.0), (self.discount_product, 1.0, -5700.0)]
        )
        gadget_line = order.order_line.filtered(
            lambda line: line.product_id == self.gadget
        )
        self.assertEqual(
            self._reasons(order), [("price_below_cost", "review", gadget_line.id)]
        )

    def test_any_negative_line_is_a_discount(self):
        self._check_prices(tolerance=False)
        # A product given back at a negative quantity discounts the other products too.
        order = self._create_order(
            lines=[(self.gadget, 60.0, 100.0), (self.service, -114.0, 50.0)]
        )
        gadget_line = order.order_line.filtered(
            lambda line: line.product_id == self.gadget
        )
        self.assertEqual(
            self._reasons(order), [("price_below_cost", "review", gadget_line.id)]
        )

    def test_negative_lines_are_not_checked_as_products(self):
        self._check_prices()
        # 50 widgets taken back at 1: a negative line (5 % off the 1,000 of the order), not
        # a sale below cost or below the pricelist.
        order = self._create_order(
            lines=[(self.product, 10.0, 100.0), (self.product, -50.0, 1.0)]
        )
        self.assertEqual(self._reasons(order), [])

    def test_pro_rata_flags_only_the_lines_below_cost(self):
        self._check_prices(tolerance=False)
        order = self._create_order(
            lines=[
                (self.product, 10.0, 100.0),  # cost 60
                (self.service, 10.0, 50.0),  # cost 20
                (self.discount_product, 1.0, -750.0),
            ]
        )
        order.order_line = [
            Command.create({"display_type": "line_section", "name": "Options"}),
            Command.create({"display_type": "line_note", "name": "Free delivery"}),
        ]
        widget_line = order.order_line.filtered(
            lambda line: line.product_id == self.product
        )
        # 750 off 1,500: 50 % off each line. Widget 50 < 60; installation 25 > 20. Spread
        # per unit (37.5 each) it would be the other way round, per line neither.
        self.assertEqual(
            self._reasons(order), [("price_below_cost", "review", widget_line.id)]
        )
        [message] = self._messages(order, "price_below_cost")
        self.assertIn(order._format_amount(50.0), message)
        self.assertIn("50.0%", message)

    # --- orders of zero or less ---

    def test_negative_order_is_reviewed(self):
        self._check_prices(tolerance=False)
        order = self._create_order(lines=[(self.gadget, 1.0, -9000.0)])
        reasons = order._get_review_reasons()
        self.assertEqual(
            [(r["code"], r["severity"]) for r in reasons],
            [("total_not_positive", "review")],
        )
        self.assertIn(order._format_amount(-9000.0), reasons[0]["message"])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "to_approve")

    def test_discounts_beyond_the_products_are_reviewed(self):
        self._check_prices(cost=False)
        order = self._create_order(
            lines=[(self.gadget, 1.0, 100.0), (self.discount_product, 1.0, -150.0)]
        )
        self.assertEqual(
            [code for code, __, __ in self._reasons(order)],
            ["price_below_tolerance", "total_not_positive"],
        )
        self.assertIn(
            order._format_amount(-50.0),
            self._messages(order, "total_not_positive")[0],
        )

    def test_zero_order_is_reviewed(self):
        self._check_prices()
        order = self._create_order(lines=[(self.gift, 1.0, 0.0)])
        [reason] = order._get_review_reasons()
        self.assertEqual(reason["code"], "total_not_positive")
        self.assertEqual(reason["severity"], "review")
        self.assertIn(order._format_amount(0.0), reason["message"])

    def test_empty_quotation_is_not_reviewed(self):
        self._check_prices()
        order = self._create_order(lines=[])
        self.assertEqual(order._get_review_reasons(), [])

    def test_without_price_checks_orders_of_zero_or_less_confirm_as_in_odoo(self):
        for lines in ([(self.gift, 1.0, 0.0)], [(self.gadget, 1.0, -9000.0)]):
            order = self._create_order(lines=lines)
            self.assertEqual(order._get_review_reasons(), [])
            order.with_user(self.salesperson).action_confirm()
            self.assertEqual(order.state, "sale")

    # --- the order being edited, before it is saved ---

    def test_unsaved_order_is_reviewed_with_its_discounts(self):
        self._check_prices()
        order_form = Form(self.env["sale.order"].with_user(self.salesperson))
        order_form.partner_id = self.customer
        with order_form.order_line.new() as line:
            line.product_id = self.gadget
            line.product_uom_qty = 60.0
        with order_form.order_line.new() as line:
            line.product_id = self.discount_product
            line.price_unit = -5700.0
        # The record the form's onchange works on: new records, no id saved yet.
        order = order_form._record.new(
            order_form._get_onchange_values(), origin=order_form._record
        )
        self.assertFalse(order.id)
        reasons = order._get_review_reasons()
        self.assertEqual(
            [(r["code"], r["severity"], r["line_id"]) for r in reasons],
            [
                ("price_below_tolerance", "review", False),
                ("price_below_cost", "review", False),
            ],
        )
        self.assertIn(order._format_amount(5.0), reasons[1]["message"])
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        )

    def test_saved_order_edited_in_the_form_is_reviewed_before_saving(self):
        self._check_prices()
        saved = self._create_order(lines=[(self.gadget, 60.0, 100.0)])
        self.assertEqual(self._reasons(saved), [])
        order_form = Form(saved.with_user(self.salesperson))
        with order_form.order_line.new() as line:
            line.product_id = self.discount_product
            line.price_unit = -5700.0
        order = saved.new(order_form._get_onchange_values(), origin=saved)
        self.assertEqual(
            [(r["code"], r["line_id"]) for r in order._get_review_reasons()],
            [
                ("price_below_tolerance", saved.order_line.id),
                ("price_below_cost", saved.order_line.id),
            ],
        )
        self.assertEqual(len(saved.order_line), 1, "nothing saved")

    def test_review_queries_do_not_depend_on_the_lines(self):
        self._check_prices()
        self.company.sale_stock_check = "review"
        products = self.env["product.product"].create(
            [
                {"name": f"Kit {index}", "type": "consu", "list_price": 100.0}
                for index in range(20)
            ]
        )
        small = self._create_order(
            lines=[(products[0], 1.0, 100.0), (self.discount_product, 1.0, -99.0)]
        )
        big = self._create_order(
            lines=[(product, 1.0, 100.0) for product in products]
            + [(self.discount_product, 1.0, -100.0)] * 5
        )
        self.env.flush_all()
        counts = []
        for order in (small, big, small, big):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            order._get_review_reasons()
            counts.append(self.env.cr.sql_log_count - start)
        # The first two runs warm Odoo's registry caches.
        self.assertEqual(counts[2], counts[3], counts)
        self.assertEqual(
            len(big._get_review_reasons()), 20, "25 % off each line, tolerance 10 %"
        )
