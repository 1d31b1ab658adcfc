# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user


class CreditGuardCommon(AccountTestInvoicingCommon):
    """A company using credit limits, a customer with a contact, a salesperson, a
    credit controller and an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "credit_hold_orders": True,
                "credit_overdue_grace_days": 30,
                "credit_include_draft_invoices": True,
            }
        )
        cls.currency = cls.company.currency_id
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Corp", "is_company": True, "credit_limit": 1000.0}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Alice Buyer", "parent_id": cls.customer.id}
        )
        cls.product = cls._create_product(
            name="Consulting",
            type="service",
            invoice_policy="order",
            lst_price=100.0,
            taxes_id=[Command.clear()],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="credit_salesman",
            name="Sam Salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.controller = new_test_user(
            cls.env,
            login="credit_controller",
            name="Carla Controller",
            groups="sale_credit_guard.group_credit_controller,base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.company.credit_controller_id = cls.controller
        cls.accountant = new_test_user(
            cls.env,
            login="credit_accountant",
            name="Ann Accountant",
            groups="account.group_account_invoice,base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    # ------------------------------------------------------------ helpers

    @classmethod
    def _create_order(cls, partner=None, qty=1.0, price=100.0, confirm=False, **values):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": cls.salesman.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                        }
                    )
                ],
                **values,
            }
        )
        if confirm:
            # Existing business, confirmed before the policy matters for the test.
            cls.company.account_use_credit_limit = False
            order.action_confirm()
            cls.company.account_use_credit_limit = True
        return order

    @classmethod
    def _create_invoice(
        cls,
        amount,
        partner=None,
        due=None,
        post=True,
        move_type="out_invoice",
        currency=None,
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": cls.today,
                "invoice_date_due": due or cls.today,
                "currency_id": (currency or cls.currency).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _days_ago(cls, days):
        return cls.today - timedelta(days=days)

    def _exposure(self, partner=None):
        partner = partner or self.customer
        partner.invalidate_recordset()
        return {
            "receivable": partner.credit_exposure_receivable,
            "invoices_draft": partner.credit_exposure_invoices_draft,
            "orders": partner.credit_exposure_orders,
            "total": partner.credit_exposure,
        }
