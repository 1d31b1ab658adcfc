# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CreditGuardCommon

# Queries of the complete credit check of an order, caches cold: lock (2), the three
# aggregates, the credit terms (1), the prepayments of the order (1) and the ORM reads of
# the order, its company, customer, user and currency; the same for 3 or 30 (or 5,000)
# invoices and orders.
CHECK_QUERIES = 11
# The same with every rule at work (tolerance, temporary limit, own overdue rules, a down
# payment): the list of the invoices overdue beyond the grace is read (1).
CHECK_QUERIES_ALL_RULES = 12


@tagged("post_install", "-at_install")
class TestCreditPerformance(CreditGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.credit_limit = 1e9

    def _add_documents(self, count):
        """``count`` posted invoices, draft invoices and confirmed orders for the customer."""
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.contact.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 10.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for _i in range(2 * count)
            ]
        )
        moves[:count].action_post()
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for _i in range(count)
            ]
        )
        self.company.account_use_credit_limit = False
        orders.action_confirm()
        self.company.account_use_credit_limit = True

    def _check_holds(self, orders):
        """The credit part of the confirmation gate: the orders it would hold."""
        decisions = [{"order": order, "outcome": "confirm"} for order in orders]
        orders._gate_check_holds(decisions)
        return [d["order"] for d in decisions if d["outcome"] == "hold"]

    def _count_check_queries(self, orders):
        # The first run warms the caches of access rules and the like.
        for _run in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            held = self._check_holds(orders.browse(orders.ids))
            self.assertFalse(held)
        return self.cr.sql_log_count - before

    def test_credit_check_query_count_does_not_grow(self):
        order = self._create_order(qty=2)
        self._add_documents(3)
        few = self._count_check_queries(order)
        self._add_documents(30)
        many = self._count_check_queries(order)
        self.assertEqual(few, many)
        self.assertEqual(self._exposure()["total"], 33 * 10.0 * 2 + 33 * 100.0)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CHECK_QUERIES):
            self._check_holds(order.browse(order.ids))

    def test_credit_check_of_several_orders_is_one_batch(self):
        # Confirming several orders at once (a list action, an import) checks the credit
        # of all their customers with the queries of one.
        customers = self.env["res.partner"].create(
            [
                {"name": f"Batch customer {i}", "is_company": True, "credit_limit": 1e9}
                for i in range(5)
            ]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for customer in customers
            ]
        )
        self.assertEqual(
            self._count_check_queries(orders), self._count_check_queries(orders[:1])
        )

    def _count_preview_queries(self, order):
        # The first run warms the caches of access rules and the like.
        for _run in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            exposure_after = order.browse(order.id).credit_exposure_after
            self.assertGreater(exposure_after, 200.0)
        return self.cr.sql_log_count - before

    def test_quotation_preview_query_count_does_not_grow(self):
        order = self._create_order(qty=2)
        self._add_documents(3)
        few = self._count_preview_queries(order)
        self._add_documents(30)
        self.assertEqual(self._count_preview_queries(order), few)

    def test_quotation_preview_cheaper_than_stock_warning(self):
        order = self._create_order(qty=2)
        self._add_documents(30)
        ours = self._count_preview_queries(order)
        move_model = self.env["account.move"]
        for _run in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            # What stock Odoo computes for its warning on each change of a quotation.
            move_model._build_credit_warning_message(
                order.browse(order.id).sudo(), 200.0
            )
        stock = self.cr.sql_log_count - before
        self.assertLessEqual(ours, stock)

    def test_credit_check_with_every_rule_at_a_fixed_query_count(self):
        # Tolerance, a temporary limit, own overdue rules with a minimum the overdue
        # invoice stays below (its list is read), and a paid down payment: the queries
        # of the check do not grow with the documents either.
        self.company.credit_limit_tolerance = 5.0
        self.customer.write(
            {
                "credit_limit_temporary": 2e9,
                "credit_limit_temporary_expiry": self.today + timedelta(days=10),
                "credit_overdue_custom": True,
                "credit_overdue_grace_days": 10,
                "credit_overdue_min_amount": 1e6,
            }
        )
        self._create_invoice(10.0, due=self._days_ago(40))
        order = self._create_order(qty=2)
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "fixed", "fixed_amount": 50.0}
        )._create_invoices(order).action_post()
        self._add_documents(3)
        few = self._count_check_queries(order)
        self._add_documents(30)
        self.assertEqual(self._count_check_queries(order), few)
        verdict = order._credit_check()
        self.assertEqual(verdict["limit_applied"], "temporary")
        self.assertTrue(verdict["overdue_days"] > 10)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CHECK_QUERIES_ALL_RULES):
            self._check_holds(order.browse(order.id))

    def _assert_plan_uses_index(self, query, index):
        """PostgreSQL can answer ``query`` from ``index`` alone: the partial index's
        condition matches the query as the ORM writes it (were the domain to change, the
        index would silently stop serving it). Sequential scans are discouraged so that
        the small test tables do not hide the plan a large customer gets."""
        self.env.flush_all()
        self.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            self.cr.execute(SQL("EXPLAIN %s", query))
            plan = "\n".join(row[0] for row in self.cr.fetchall())
        finally:
            self.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn(f"Index Only Scan using {index}", plan)

    def test_open_items_and_orders_are_read_from_their_indexes(self):
        self._add_documents(3)
        engine = self.env["sale.credit.exposure"]
        ids = self.customer.ids
        self._assert_plan_uses_index(
            engine._get_receivables_sql(self.company, ids, self.today),
            "account_move_line_credit_open_idx",
        )
        self._assert_plan_uses_index(
            engine._get_orders_sql(self.company, ids),
            "sale_order_credit_uninvoiced_idx",
        )
