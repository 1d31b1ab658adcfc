# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Exposure, receivables and overdue agree with each other and with Odoo's ``credit``,
with credit notes and payments not matched yet, and across branch companies."""

from odoo import Command
from odoo.tests import tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditFigures(CreditGuardCommon):
    def _figures(self, partner=None, company=None):
        partner = (partner or self.customer).with_company(company or self.company)
        partner.invalidate_recordset()
        return {
            "receivable": partner.credit_exposure_receivable,
            "exposure": partner.credit_exposure,
            "overdue": partner.credit_overdue_amount,
            "overdue_days": partner.credit_overdue_days,
            "odoo_credit": partner.credit,
        }

    def test_open_credits_lower_the_oldest_overdue_first(self):
        self._create_invoice(1000.0, due=self._days_ago(60))
        self._create_invoice(500.0, due=self._days_ago(10))
        self._create_invoice(300.0, move_type="out_refund")
        self.init_payment(400.0, post=True, partner=self.customer)
        self.assertEqual(
            self._figures(),
            {
                "receivable": 800.0,
                "exposure": 800.0,
                "overdue": 800.0,
                "overdue_days": 60,
                "odoo_credit": 800.0,
            },
        )
        # The 60-day invoice is covered: only 10 days late is left, within the grace.
        self.init_payment(600.0, post=True, partner=self.customer)
        self.assertEqual(
            self._figures(),
            {
                "receivable": 200.0,
                "exposure": 200.0,
                "overdue": 200.0,
                "overdue_days": 10,
                "odoo_credit": 200.0,
            },
        )
        order = self._create_order(qty=1)
        order.action_confirm()
        self.assertEqual(order.state, "sale", "nothing overdue beyond the grace")

    def test_open_credit_beyond_the_invoices_leaves_nothing_overdue(self):
        self._create_invoice(300.0, due=self._days_ago(60))
        self.init_payment(500.0, post=True, partner=self.customer)
        figures = self._figures()
        self.assertEqual(figures["receivable"], -200.0)
        self.assertEqual(figures["odoo_credit"], -200.0)
        self.assertEqual(figures["overdue"], 0.0)
        self.assertEqual(figures["overdue_days"], 0)

    def test_overdue_list_names_what_credits_leave_open(self):
        old = self._create_invoice(100.0, due=self._days_ago(90))
        late = self._create_invoice(250.0, due=self._days_ago(40))
        self.init_payment(120.0, post=True, partner=self.customer)
        overdue, total = self.customer._get_credit_overdue_invoices(self.company, 30)
        self.assertEqual(overdue, [(late.name, self._days_ago(40), 230.0)])
        self.assertEqual(total, 230.0)
        self.assertNotIn(old.name, [name for name, _due, _open in overdue])

    def test_branch_receivables_count_as_odoo_credit_does(self):
        self.company.write({"child_ids": [Command.create({"name": "Credit Branch"})]})
        self.env.cr.precommit.run()  # the branch shares the chart of accounts
        branch = self.company.child_ids
        branch.write({"account_use_credit_limit": True, "credit_hold_orders": True})
        self.env.user.company_ids |= branch
        self.salesman.company_ids |= branch
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": branch.id,
                "partner_id": self.customer.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Branch work", "price_unit": 700.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        self._create_invoice(200.0)
        for company in (self.company, branch):
            with self.subTest(company=company.name):
                figures = self._figures(company=company)
                self.assertEqual(figures["receivable"], 900.0)
                self.assertEqual(figures["odoo_credit"], 900.0)
        order = self._create_order(qty=2)
        order.action_confirm()
        self.assertTrue(order.credit_hold, "900 + 200 is over the limit of 1,000")
