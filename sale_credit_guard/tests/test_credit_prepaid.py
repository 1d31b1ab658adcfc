# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Orders paid in advance are held only for their unpaid part."""

from odoo import Command
from odoo.tests import tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditPrepaid(CreditGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A provider as Odoo's payment tests make one (code "none": no real acquirer).
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Prepayment Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "payment_method_ids": [
                    Command.set([cls.env.ref("payment.payment_method_unknown").id])
                ],
                "available_currency_ids": [Command.set(cls.currency.ids)],
            }
        )
        cls.env.ref("payment.payment_method_unknown").active = True
        # The transaction logs its state on the order, signed by the customer.
        cls.customer.email = "acme@example.com"
        # Exposure 800 of a limit of 1,000: a quotation of 300 is 100 too much.
        cls._create_invoice(800.0)

    def _pay_online(self, order, amount, done=True):
        """A payment transaction of ``amount`` for ``order``, done (or pending)."""
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.provider.payment_method_ids[:1].id,
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-{amount}",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )
        if done:
            tx._set_done()
        else:
            tx._set_pending()
        return tx

    def _pay_down_payment(self, order, amount, pay=True):
        """A posted down payment invoice of ``amount`` on ``order``, paid when ``pay``."""
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "fixed", "fixed_amount": amount})
        )
        wizard._create_invoices(order)
        invoice = order.invoice_ids
        invoice.action_post()
        if pay:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        return invoice

    def test_transaction_paying_the_excess_lets_the_order_through(self):
        order = self._create_order(qty=3)
        self._pay_online(order, 100.0)
        verdict = order._credit_check()
        self.assertRecordValues(order, [{"credit_exposure_after": 1000.0}])
        self.assertEqual(verdict["amount"], 200.0)
        self.assertEqual(verdict["prepaid"], 100.0)
        self.assertEqual(verdict["exposure_after"], 1000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_transaction_short_of_the_excess_holds_for_the_unpaid_part(self):
        order = self._create_order(qty=3)
        self._pay_online(order, 99.0)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertIn("1,001.00", order.credit_hold_reason)
        self.assertIn("99.00", order.credit_hold_reason)

    def test_pending_transaction_is_no_prepayment(self):
        order = self._create_order(qty=3)
        self._pay_online(order, 300.0, done=False)
        order.action_confirm()
        self.assertTrue(order.credit_hold)

    def test_fully_prepaid_order_is_never_held_by_limit_or_overdue(self):
        self._create_invoice(5000.0, due=self._days_ago(90))
        order = self._create_order(qty=3)
        self._pay_online(order, 300.0)
        verdict = order._credit_check()
        self.assertTrue(verdict["fully_prepaid"])
        self.assertFalse(verdict["reasons"])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)

    def test_manual_hold_still_holds_a_fully_prepaid_order(self):
        self.customer.credit_hold = True
        order = self._create_order(qty=3)
        self._pay_online(order, 300.0)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertEqual(
            [r["code"] for r in order._credit_check()["reasons"]], ["hold"]
        )

    def test_booked_payment_of_a_transaction_counts_once(self):
        order = self._create_order(qty=3)
        tx = self._pay_online(order, 100.0)
        # What post-processing the transaction books (its provider's journal aside).
        tx.payment_id = self.init_payment(100.0, post=True, partner=self.customer)
        self.assertEqual(self._exposure()["receivable"], 700.0, "the payment is booked")
        verdict = order._credit_check()
        self.assertEqual(verdict["exposure"], 800.0)
        self.assertEqual(verdict["amount"], 200.0)
        self.assertEqual(verdict["exposure_after"], 1000.0)
        self.assertFalse(verdict["blocked"])

    def test_paid_down_payment_invoice_counts_as_prepaid(self):
        order = self._create_order(qty=3)
        self._pay_down_payment(order, 100.0)
        verdict = order._credit_check()
        self.assertEqual(verdict["prepaid"], 100.0)
        self.assertEqual(verdict["exposure_after"], 1000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # Once confirmed the exposure says the same: the order counts for what is unpaid.
        self.assertEqual(self._exposure()["total"], 1000.0)

    def test_unpaid_down_payment_invoice_is_no_prepayment(self):
        order = self._create_order(qty=3)
        self._pay_down_payment(order, 100.0, pay=False)
        verdict = order._credit_check()
        self.assertEqual(verdict["prepaid"], 0.0)
        self.assertEqual(verdict["exposure_after"], 1100.0)
        self.assertTrue(verdict["blocked"])
