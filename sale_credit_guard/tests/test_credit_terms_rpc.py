# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The credit terms are protected in the model: over RPC a salesperson (or a billing user)
cannot grant a temporary limit, change the overdue rules of a customer or the company's
threshold and tolerance; nothing changes."""

from odoo.addons.sale_order_flow.tests.rpc_common import RpcCaseMixin
from odoo.tests import HttpCase, tagged

from .common import CreditGuardCommon

CUSTOMER_TERMS = {
    "credit_limit_temporary": 50000.0,
    "credit_limit_temporary_expiry": "2099-12-31",
    "credit_overdue_custom": True,
    "credit_overdue_grace_days": 365,
    "credit_overdue_min_amount": 1e6,
}
COMPANY_TERMS = {
    "credit_limit_tolerance": 100.0,
    "credit_overdue_min_amount": 1e6,
    "credit_overdue_grace_days": 365,
}


@tagged("post_install", "-at_install")
class TestCreditTermsRpc(RpcCaseMixin, CreditGuardCommon, HttpCase):
    def _customer_terms(self):
        self.customer.invalidate_recordset()
        return {fname: self.customer[fname] for fname in CUSTOMER_TERMS}

    def _company_terms(self):
        self.company.invalidate_recordset()
        return {fname: self.company[fname] for fname in COMPANY_TERMS}

    def test_salesperson_and_billing_user_cannot_change_customer_terms(self):
        before = self._customer_terms()
        for user in self.salesman | self.accountant:
            for fname, value in CUSTOMER_TERMS.items():
                with self.subTest(user=user.login, fname=fname):
                    self.assertRpcAccessError(
                        user,
                        "res.partner",
                        "write",
                        [self.customer.id],
                        {fname: value},
                    )
                    self.assertRpcAccessError(
                        user,
                        "res.partner",
                        "create",
                        {"name": "Self-granted", "is_company": True, fname: value},
                    )
        self.assertEqual(self._customer_terms(), before)
        self.assertFalse(
            self.env["res.partner"].search_count([("name", "=", "Self-granted")])
        )

    def test_salesperson_cannot_change_company_terms(self):
        before = self._company_terms()
        for fname, value in COMPANY_TERMS.items():
            with self.subTest(fname=fname):
                self.assertRpcAccessError(
                    self.salesman,
                    "res.company",
                    "write",
                    [self.company.id],
                    {fname: value},
                )
                self.assertRpcAccessError(
                    self.salesman, "res.config.settings", "create", {fname: value}
                )
        self.assertEqual(self._company_terms(), before)

    def test_controller_grants_a_temporary_limit_over_rpc(self):
        self.rpc(
            self.controller,
            "res.partner",
            "write",
            [self.customer.id],
            {
                "credit_limit_temporary": 5000.0,
                "credit_limit_temporary_expiry": "2099-12-31",
            },
        )
        self.assertEqual(self._customer_terms()["credit_limit_temporary"], 5000.0)
