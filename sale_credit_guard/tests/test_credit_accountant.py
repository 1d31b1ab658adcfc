# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accountants read each customer's credit in Invoicing > Customers."""

import re

from odoo import Command
from odoo.tests import tagged

from .common import CreditGuardCommon

CREDIT_COLUMNS = {
    "display_name": {},
    "credit_exposure": {},
    "credit_limit_current": {},
    "credit_limit_applied": {},
    "credit_available": {},
    "credit_overdue_amount": {},
    "credit_hold": {},
}


@tagged("post_install", "-at_install")
class TestCreditAccountant(CreditGuardCommon):
    def _customers_with_documents(self, count):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Listed customer {i}", "is_company": True, "credit_limit": 50}
                for i in range(count)
            ]
        )
        for customer in customers:
            self._create_invoice(100.0, partner=customer, due=self._days_ago(5))
        return customers

    def _count_list_queries(self, customers):
        """Queries of the customer list with the credit columns, as the web client
        loads it for the accountant (caches warm)."""
        partners = self.env["res.partner"].with_user(self.accountant)
        for _run in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            result = partners.web_search_read(
                [("id", "in", customers.ids)], CREDIT_COLUMNS
            )
        self.assertEqual(len(result["records"]), len(customers))
        return self.cr.sql_log_count - before

    def test_customer_list_credit_columns_at_a_fixed_query_count(self):
        few = self._count_list_queries(self._customers_with_documents(2))
        many = self._count_list_queries(self._customers_with_documents(20))
        self.assertEqual(few, many)

    def test_customer_list_values_and_no_limit(self):
        self._create_invoice(300.0, due=self._days_ago(40))
        unlimited = self.env["res.partner"].create(
            {"name": "Unlimited", "is_company": True}
        )
        self._create_invoice(70.0, partner=unlimited)
        self.customer.credit_hold = True
        rows = (
            self.env["res.partner"]
            .with_user(self.accountant)
            .web_search_read(
                [("id", "in", (self.customer | unlimited).ids)], CREDIT_COLUMNS
            )["records"]
        )
        by_name = {row["display_name"]: row for row in rows}
        self.assertEqual(
            {k: by_name["Acme Corp"][k] for k in CREDIT_COLUMNS if k != "display_name"},
            {
                "credit_exposure": 300.0,
                "credit_limit_current": 1000.0,
                "credit_limit_applied": "permanent",
                "credit_available": 700.0,
                "credit_overdue_amount": 300.0,
                "credit_hold": True,
            },
        )
        self.assertEqual(by_name["Unlimited"]["credit_limit_applied"], "none")

    def test_accountant_filters_customers_by_credit(self):
        self._create_invoice(1200.0, due=self._days_ago(40))
        quiet = self.env["res.partner"].create({"name": "Quiet", "is_company": True})
        partners = self.env["res.partner"].with_user(self.accountant)
        for domain in (
            [("credit_available", "<", 0)],
            [("credit_overdue_amount", ">", 0)],
            [("credit_exposure", "!=", 0)],
        ):
            with self.subTest(domain=domain):
                found = partners.search(
                    [*domain, ("id", "in", (self.customer | quiet).ids)]
                )
                self.assertEqual(found, self.customer)

    def test_credit_columns_are_for_accounting_only(self):
        def list_arch(user):
            views = (
                self.env["res.partner"]
                .with_user(user)
                .get_views([(False, "list"), (False, "kanban")])
            )
            return views["views"]["list"]["arch"] + views["views"]["kanban"]["arch"]

        self.assertIn("credit_overdue_amount", list_arch(self.accountant))
        self.assertNotIn("credit_overdue_amount", list_arch(self.salesman))

    def test_billing_user_can_also_be_credit_controller(self):
        group = self.env.ref("sale_credit_guard.group_credit_controller")
        field = f"in_group_{group.id}"
        user = self.env["res.users"].create(
            {
                "name": "Bill Controller",
                "login": "bill_controller",
                "groups_id": [
                    Command.set(
                        (
                            self.env.ref("base.group_user")
                            | self.env.ref("account.group_account_invoice")
                            | group
                        ).ids
                    )
                ],
            }
        )
        self.assertTrue(user.has_group("account.group_account_invoice"))
        self.assertTrue(user.has_group("sale_credit_guard.group_credit_controller"))
        self.assertFalse(user.has_group("account.group_account_manager"))
        # The user form: a checkbox of its own, outside the Invoicing selection.
        form_view = self.env.ref("base.view_users_form")
        arch = self.env["res.users"].get_views([(form_view.id, "form")])["views"][
            "form"
        ]
        self.assertIn(f'name="{field}"', arch["arch"])
        selections = re.findall(r'name="(sel_groups_[0-9_]+)"', arch["arch"])
        self.assertTrue(selections)
        for name in selections:
            self.assertNotIn(str(group.id), name.split("_")[2:])
