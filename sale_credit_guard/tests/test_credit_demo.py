# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo tells the credit story (databases with demo data only)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditDemo(TransactionCase):
    def setUp(self):
        super().setUp()
        self.held = self.env.ref(
            "sale_credit_guard.demo_order_on_hold", raise_if_not_found=False
        )
        if not self.held:
            self.skipTest("no demo data")

    def test_demo_order_waits_for_the_demo_controller(self):
        controller = self.env.ref("sale_credit_guard.demo_user_credit_controller")
        self.assertTrue(self.held.credit_hold)
        self.assertEqual(self.held._get_credit_activities().user_id, controller)
        self.assertTrue(controller.has_group("account.group_account_invoice"))

    def test_demo_customer_over_its_grace_would_be_held(self):
        order = self.env.ref("sale_credit_guard.demo_order_overdue")
        self.assertEqual(
            [r["code"] for r in order._credit_check()["reasons"]], ["overdue"]
        )

    def test_odoo_demo_customers_are_not_held(self):
        ours = self.env.ref("sale_credit_guard.demo_customer_over_limit")
        held = self.env["sale.order"].search([("credit_hold", "=", True)])
        self.assertEqual(held.partner_id.commercial_partner_id, ours)
        # Nor would their quotations be, once confirmed.
        quotations = self.env["sale.order"].search(
            [
                ("state", "in", ("draft", "sent")),
                (
                    "id",
                    "not in",
                    (
                        self.held | self.env.ref("sale_credit_guard.demo_order_overdue")
                    ).ids,
                ),
            ]
        )
        self.assertTrue(quotations)
        for order in quotations:
            with self.subTest(order=order.name):
                self.assertFalse(order._credit_check()["blocked"])
