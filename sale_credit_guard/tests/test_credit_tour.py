# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""In the browser: an accountant reads the credit of customers in Invoicing > Customers."""

from odoo.tests import HttpCase, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditTour(CreditGuardCommon, HttpCase):
    def test_accountant_reads_customer_credit(self):
        overdue, quiet = self.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "customer_rank": 1}
                for name in ("Tour Overdue Customer", "Tour Quiet Customer")
            ]
        )
        self._create_invoice(1200.0, partner=overdue, due=self._days_ago(40))
        self.assertFalse(quiet.credit_overdue_amount)
        self.start_tour(
            "/odoo/action-account.res_partner_action_customer",
            "sale_credit_guard_accountant",
            login=self.accountant.login,
        )
