# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.addons.payment.tests.common import PaymentCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCreditPortal(PaymentCommon):
    """A customer who signs or pays a quotation in the portal is held like anyone else when
    they break the credit policy: the order waits for a credit controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company.write({"account_use_credit_limit": True, "credit_hold_orders": True})
        cls.customer = cls.portal_partner
        cls.customer.write({"use_partner_credit_limit": True, "credit_limit": 100.0})
        product = cls.env["product.product"].create(
            {"name": "Portal desk", "list_price": 500.0, "taxes_id": [Command.clear()]}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.currency = cls.order.currency_id
        cls.partner = cls.customer

    def assertHeldForController(self, order):
        self.assertIn(order.state, ("draft", "sent"))
        self.assertTrue(order.credit_hold)
        self.assertIn("100.00", order.credit_hold_reason)
        self.assertEqual(len(order._get_credit_activities()), 1)

    def test_signature_over_the_limit_holds_the_order(self):
        # What the portal does once the customer has signed (as the customer, sudo).
        self.order.with_user(self.portal_user).sudo()._validate_order()
        self.assertHeldForController(self.order)

    def _pay_and_confirm(self, amount):
        """What Odoo does once the customer's online payment of ``amount`` is done:
        return the orders it confirmed."""
        self.amount = amount
        tx = self._create_transaction(
            flow="redirect", sale_order_ids=[self.order.id], state="done"
        )
        return tx._check_amount_and_confirm_order()

    def test_partial_payment_over_the_limit_holds_the_order(self):
        # A 30% prepayment confirms in Odoo; the 350 left unpaid is over the limit.
        self.order.write({"require_payment": True, "prepayment_percent": 0.3})
        self.assertFalse(self._pay_and_confirm(150.0))
        self.assertHeldForController(self.order)
        self.assertIn("350.00", self.order.credit_hold_reason)

    def test_full_payment_over_the_limit_confirms(self):
        # Paid in advance: the order adds nothing to what the customer owes.
        self.assertEqual(self._pay_and_confirm(self.order.amount_total), self.order)
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.credit_hold)

    def test_partial_payment_within_the_limit_confirms(self):
        self.customer.credit_limit = 10000.0
        self.order.write({"require_payment": True, "prepayment_percent": 0.3})
        self.assertEqual(self._pay_and_confirm(150.0), self.order)
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.credit_hold)
