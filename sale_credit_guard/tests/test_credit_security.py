# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditSecurity(CreditGuardCommon):
    def test_accounting_manager_is_credit_controller(self):
        manager_group = self.env.ref("account.group_account_manager")
        self.assertIn(
            self.env.ref("sale_credit_guard.group_credit_controller"),
            manager_group.trans_implied_ids,
        )

    def test_salesperson_reads_exposure_but_cannot_change_credit(self):
        self._create_invoice(300.0)
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.credit_exposure, 300.0)
        self.assertEqual(customer.credit_available, 700.0)
        for vals in ({"credit_hold": True}, {"credit_limit": 5000.0}):
            with self.assertRaises(AccessError):
                customer.write(vals)

    def test_accountant_cannot_change_limit(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.accountant).write({"credit_limit": 5000.0})

    def test_controller_changes_limit_and_hold(self):
        customer = self.customer.with_user(self.controller)
        customer.write({"credit_limit": 5000.0, "credit_hold": True})
        self.assertEqual(self.customer.sudo().credit_limit, 5000.0)
        self.assertTrue(self.customer.credit_hold)

    def test_salesperson_may_edit_other_fields_and_create_contacts(self):
        customer = self.customer.with_user(self.salesman)
        customer.write({"phone": "+32 2 555 00 00", "credit_hold": False})
        contact = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .create({"name": "Bob Buyer", "parent_id": self.customer.id})
        )
        self.assertEqual(contact.commercial_partner_id, self.customer)

    def test_salesperson_cannot_create_customer_on_hold(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "Held Corp", "credit_hold": True}
            )

    def test_salesperson_cannot_put_or_lift_order_hold_by_write(self):
        order = self._create_order(qty=1).with_user(self.salesman)
        for vals in ({"credit_hold": True}, {"credit_released_amount": 1e6}):
            with self.assertRaises(AccessError):
                order.write(vals)

    def test_salesperson_cannot_create_a_released_order(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "credit_released_amount": 1e6,
                    "credit_release_date": "2026-01-01 00:00:00",
                }
            )

    def test_changing_customer_withdraws_the_release(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        order.with_user(self.controller).action_credit_release(note="ok")
        other = self.env["res.partner"].create(
            {"name": "Other Corp", "is_company": True}
        )
        # Confirmed, its customer cannot change at all (sale_order_flow).
        with self.assertRaises(UserError):
            order.with_user(self.salesman).partner_id = other
        self.assertTrue(order.credit_release_date)
        # Back to quotation, a new customer withdraws the release.
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.action_draft()
        order.with_user(self.salesman).partner_id = other
        self.assertFalse(order.credit_release_date)
        self.assertEqual(order.credit_released_amount, 0.0)

    def test_hold_is_per_company(self):
        other = self.setup_other_company()["company"]
        self.customer.credit_hold = True
        self.assertFalse(self.customer.with_company(other).credit_hold)

    def test_forms_open_for_each_role(self):
        self._create_invoice(300.0)
        with Form(self.customer.with_user(self.salesman)) as customer_form:
            self.assertEqual(customer_form.credit_exposure, 300.0)
            self.assertTrue(customer_form._get_modifier("credit_hold", "readonly"))
        with Form(self.customer.with_user(self.controller)) as customer_form:
            customer_form.credit_hold = True
        self.assertTrue(self.customer.credit_hold)
        invoice = self._create_invoice(50.0, post=False)
        with Form(invoice.with_user(self.accountant)) as invoice_form:
            self.assertEqual(invoice_form.credit_partner_exposure, 350.0)
            self.assertTrue(invoice_form.credit_partner_hold)
