# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The exposure cannot be gamed: each attempt over XML-RPC, as the user who could try it
(salesperson with the contact-creation right, billing user, credit controller), is refused
and leaves the exposure as it was; what the exposure counts by design (negative orders,
draft credit notes) and the normal work of billing users."""

import xmlrpc.client

from odoo import Command
from odoo.tests import Form, HttpCase, tagged

from .common import CreditGuardCommon

ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR
USER_ERROR = 2  # RPC_FAULT_CODE_WARNING: UserError and ValidationError


@tagged("post_install", "-at_install")
class TestExposureIntegrity(CreditGuardCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Globex", "is_company": True}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Sister Company"})

    # -- calling as a user ------------------------------------------------------------

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC, logged in as ``user``
        (``new_test_user`` sets the password to the login)."""
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def assertRefused(self, fault_code, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(
            caught.exception.faultCode,
            fault_code,
            f"{user.login} {model}.{method}{args}: {caught.exception.faultString[:300]}",
        )
        return caught.exception.faultString

    def assertWriteRefused(self, user, records, vals):
        """``records.write(vals)`` over XML-RPC as ``user`` is refused (access error)."""
        return self.assertRefused(
            ACCESS_ERROR, user, records._name, "write", records.ids, vals
        )

    def assertExposure(self, total, partner=None):
        self.env.invalidate_all()
        self.assertEqual(self._exposure(partner)["total"], total)

    def _receivable_line(self, move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    # -- journal items and entries: billing user ----------------------------------------

    def test_billing_user_cannot_write_residuals_of_journal_items(self):
        invoice = self._create_invoice(800.0)
        receivable = self._receivable_line(invoice)
        product_line = invoice.invoice_line_ids
        attempts = [
            (receivable, {"amount_residual": 0.0}),
            (receivable, {"amount_residual_currency": 0.0}),
            (receivable, {"reconciled": True}),
            (receivable, {"parent_state": "cancel"}),
            (receivable, {"company_id": self.other_company.id}),
            (product_line, {"price_total": -800.0}),
        ]
        for line, vals in attempts:
            with self.subTest(vals=vals):
                self.assertWriteRefused(self.accountant, line, vals)
                self.assertExposure(800.0)
        self.assertRecordValues(
            receivable,
            [{"amount_residual": 800.0, "reconciled": False, "parent_state": "posted"}],
        )

    def test_billing_user_cannot_write_totals_of_draft_invoices(self):
        draft = self._create_invoice(600.0, post=False)
        for vals in (
            {"amount_total_signed": 0.0},
            {"commercial_partner_id": self.other_customer.id},
        ):
            with self.subTest(vals=vals):
                self.assertWriteRefused(self.accountant, draft, vals)
                self.assertExposure(600.0)
        self.assertEqual(draft.commercial_partner_id, self.customer)

    def test_billing_user_cannot_write_the_state_of_entries(self):
        invoice = self._create_invoice(800.0)
        for state in ("cancel", "draft"):
            with self.subTest(state=state):
                self.assertWriteRefused(self.accountant, invoice, {"state": state})
                self.assertExposure(800.0)
        self.assertEqual(invoice.state, "posted")
        # Nor create an entry already posted, past the checks of posting.
        self.assertRefused(
            ACCESS_ERROR,
            self.accountant,
            "account.move",
            "create",
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "state": "posted",
                "invoice_line_ids": [
                    (0, 0, {"name": "Refund", "price_unit": 800.0, "tax_ids": []})
                ],
            },
        )
        self.assertExposure(800.0)
        # The buttons, with Odoo's checks, still change it.
        invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertExposure(0.0)

    # -- partners: salesperson with the contact-creation right --------------------------

    def test_salesperson_cannot_write_the_commercial_partner(self):
        self._create_invoice(800.0, partner=self.contact)
        self.assertWriteRefused(
            self.salesman, self.contact, {"commercial_partner_id": self.contact.id}
        )
        self.assertEqual(self.contact.commercial_partner_id, self.customer)
        self.assertExposure(800.0)
        self.assertRefused(
            ACCESS_ERROR,
            self.salesman,
            "res.partner",
            "create",
            {"name": "Eve", "parent_id": self.customer.id, "commercial_partner_id": 1},
        )

    def test_contact_of_held_customer_cannot_leave_it(self):
        self.customer.with_user(self.controller).credit_hold = True
        attempts = [
            (self.contact, {"parent_id": self.other_customer.id}),
            (self.contact, {"parent_id": False}),
            (self.contact, {"is_company": True}),
            (self.contact, {"company_type": "company"}),
            (self.other_customer, {"child_ids": [(4, self.contact.id)]}),
            (self.customer, {"is_company": False, "parent_id": self.other_customer.id}),
        ]
        for partner, vals in attempts:
            with self.subTest(vals=vals):
                message = self.assertWriteRefused(self.salesman, partner, vals)
                self.assertIn("on credit hold", message)
                self.env.invalidate_all()
                self.assertEqual(self.contact.commercial_partner_id, self.customer)
                self.assertEqual(self.customer.commercial_partner_id, self.customer)
                self.assertTrue(self.customer.is_company)

    def test_form_locks_the_company_of_a_held_contact(self):
        self.customer.with_user(self.controller).credit_hold = True
        for user, locked in ((self.salesman, True), (self.controller, False)):
            with (
                self.subTest(user=user.login),
                Form(self.contact.with_user(user)) as form,
            ):
                self.assertEqual(form._get_modifier("parent_id", "readonly"), locked)
                self.assertEqual(form._get_modifier("company_type", "readonly"), locked)

    def test_held_customer_cannot_be_merged_into_another(self):
        self.customer.with_company(self.other_company).sudo().credit_hold = True
        # The merge wizard lets non-administrators merge partners of the same email.
        (self.customer | self.other_customer).email = "buyer@example.com"
        order = self._create_order(confirm=True)
        wizard_id = self.rpc(
            self.salesman,
            "base.partner.merge.automatic.wizard",
            "create",
            {
                "partner_ids": [(6, 0, [self.customer.id, self.other_customer.id])],
                "dst_partner_id": self.other_customer.id,
            },
        )
        self.assertRefused(
            ACCESS_ERROR,
            self.salesman,
            "base.partner.merge.automatic.wizard",
            "action_merge",
            [wizard_id],
        )
        self.assertTrue(self.customer.exists())
        self.assertEqual(order.partner_id, self.customer)

    def test_hold_in_another_company_also_keeps_the_contact(self):
        # The salesperson does not even work for the company holding the customer.
        self.customer.with_company(self.other_company).sudo().credit_hold = True
        self.assertFalse(self.customer.credit_hold)
        self.assertTrue(self.contact.with_user(self.salesman).credit_hold_anywhere)
        self.assertWriteRefused(
            self.salesman, self.contact, {"parent_id": self.other_customer.id}
        )
        self.assertEqual(self.contact.parent_id, self.customer)

    def test_contact_of_free_customer_moves_freely(self):
        self.rpc(
            self.salesman,
            "res.partner",
            "write",
            self.contact.ids,
            {"parent_id": self.other_customer.id},
        )
        self.assertEqual(self.contact.commercial_partner_id, self.other_customer)
        self.assertFalse(self.contact.credit_hold_anywhere)

    def test_controller_moves_a_contact_of_held_customer(self):
        self.customer.with_user(self.controller).credit_hold = True
        self.rpc(
            self.controller,
            "res.partner",
            "write",
            self.contact.ids,
            {"parent_id": self.other_customer.id},
        )
        self.assertEqual(self.contact.commercial_partner_id, self.other_customer)

    def test_new_contact_of_held_customer_inherits_the_hold(self):
        self.customer.with_user(self.controller).credit_hold = True
        contact_id = self.rpc(
            self.salesman,
            "res.partner",
            "create",
            {"name": "Bob Buyer", "parent_id": self.customer.id},
        )
        order = self._create_order(partner=self.env["res.partner"].browse(contact_id))
        self.rpc(self.salesman, "sale.order", "action_confirm", order.ids)
        self.assertTrue(order.credit_hold)
        self.assertIn("manual credit hold", order.credit_hold_reason)
        # A company created under it would be a customer of its own, outside the hold.
        self.assertRefused(
            ACCESS_ERROR,
            self.salesman,
            "res.partner",
            "create",
            {"name": "Acme Trading", "parent_id": self.customer.id, "is_company": True},
        )

    # -- partner credit fields: credit controller ---------------------------------------

    def test_credit_limit_must_be_a_sane_number(self):
        for value in (float("nan"), float("inf"), 1e308, -1.0):
            with self.subTest(value=value):
                message = self.assertRefused(
                    USER_ERROR,
                    self.controller,
                    "res.partner",
                    "write",
                    self.customer.ids,
                    {"credit_limit": value},
                )
                self.assertIn("Credit Limit", message)
                self.env.invalidate_all()
                self.assertEqual(self.customer.credit_limit, 1000.0)
        self.assertRefused(
            USER_ERROR,
            self.controller,
            "res.partner",
            "create",
            {"name": "Initech", "is_company": True, "credit_limit": -5.0},
        )
        self.rpc(
            self.controller,
            "res.partner",
            "write",
            self.customer.ids,
            {"credit_limit": 0.0},
        )
        self.assertEqual(self.customer.credit_limit, 0.0)

    # -- what counts, by design ---------------------------------------------------------

    def test_negative_order_does_not_lower_exposure(self):
        self._create_order(qty=90, price=-100.0, confirm=True)  # -9,000
        self._create_order(qty=-90, confirm=True)  # -9,000 too
        self.assertExposure(0.0)
        first = self._create_order(qty=9)
        second = self._create_order(qty=9)
        self.rpc(self.salesman, "sale.order", "action_confirm", first.ids)
        self.rpc(self.salesman, "sale.order", "action_confirm", second.ids)
        self.assertEqual(first.state, "sale")
        self.assertFalse(first.credit_hold)
        self.assertTrue(second.credit_hold)
        self.assertExposure(900.0)

    def test_negative_lines_lower_their_own_order(self):
        order = self._create_order(qty=10)
        order.order_line = [
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 1,
                    "price_unit": -300,
                }
            ),
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": -2,
                    "price_unit": 100,
                }
            ),
        ]
        self.assertEqual(order.amount_total, 500.0)
        self.company.account_use_credit_limit = False
        order.action_confirm()
        self.company.account_use_credit_limit = True
        self.assertEqual(self._exposure()["orders"], 500.0)

    def test_down_payment_flag_on_a_product_line_changes_nothing(self):
        order = self._create_order(qty=4, confirm=True)
        # Data from before the constraints (sale_order_flow refuses a down payment with a
        # quantity, even to the superuser): a line with a quantity is counted as what it
        # is, a product line.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET is_downpayment = TRUE WHERE id = ANY(%s)",
            [order.order_line.ids],
        )
        self.env.invalidate_all()
        self.assertExposure(400.0)

    def test_draft_credit_note_does_not_lower_exposure(self):
        invoice = self._create_invoice(800.0)
        refund_id = self.rpc(
            self.accountant,
            "account.move",
            "create",
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"name": "Refund", "price_unit": 800.0, "tax_ids": []})
                ],
            },
        )
        self.assertExposure(800.0)
        order = self._create_order(qty=3)
        self.rpc(self.salesman, "sale.order", "action_confirm", order.ids)
        self.assertTrue(order.credit_hold)
        # Posted, the credit note counts.
        refund = self.env["account.move"].browse(refund_id)
        refund.with_user(self.accountant).action_post()
        self.assertExposure(0.0)
        self.assertEqual(self._receivable_line(invoice).amount_residual, 800.0)

    def test_draft_credit_note_of_an_order_changes_nothing(self):
        order = self._create_order(qty=6, confirm=True)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertExposure(600.0)
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(refund.state, "draft")
        self.assertEqual(order.order_line.qty_invoiced, 0.0)
        # Neither lower (the credit note is a draft) nor higher (the order is invoiced).
        self.assertEqual(
            self._exposure(),
            {"receivable": 600.0, "invoices_draft": 0.0, "orders": 0.0, "total": 600.0},
        )
        refund.action_post()
        self.assertEqual(
            self._exposure(),
            {"receivable": 0.0, "invoices_draft": 0.0, "orders": 600.0, "total": 600.0},
        )

    # -- the normal work of a billing user ----------------------------------------------

    def test_billing_user_invoices_collects_and_reconciles(self):
        moves = self.env["account.move"].with_user(self.accountant)
        with Form(moves.with_context(default_move_type="out_invoice")) as form:
            form.partner_id = self.customer
            form.invoice_date = self.today
            with form.invoice_line_ids.new() as line:
                line.product_id = self.product
                line.quantity = 5
                line.tax_ids.clear()
        invoice = form.save()
        self.assertExposure(500.0)
        invoice.action_post()
        self.assertExposure(500.0)
        # A partial payment from the invoice.
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 200.0})._create_payments()
        self.assertExposure(300.0)
        # A payment received on its own, then matched with the invoice.
        payment = (
            self.env["account.payment"]
            .with_user(self.accountant)
            .create(
                {
                    "amount": 300.0,
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                }
            )
        )
        payment.action_post()
        self.assertExposure(0.0)
        invoice.js_assign_outstanding_line(self._receivable_line(payment.move_id).id)
        self.assertEqual(invoice.payment_state, invoice._get_invoice_in_payment_state())
        self.assertExposure(0.0)
        # Unreconcile, reset to draft, change, post again; cancel a draft.
        invoice.line_ids.remove_move_reconcile()
        self.assertExposure(0.0)
        invoice.button_draft()
        invoice.invoice_line_ids.quantity = 6
        invoice.action_post()
        self.assertExposure(100.0)
        draft = self._create_invoice(50.0, post=False).with_user(self.accountant)
        draft.button_cancel()
        self.assertEqual(draft.state, "cancel")
        self.assertExposure(100.0)
