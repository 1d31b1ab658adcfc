# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The numeric credit settings only ever hold finite numbers within their range: the
overdue grace days of the company and Odoo's default credit limit, written on the company
or through Settings."""

import math

from odoo.addons.sale_order_flow.tests.test_settings_validation import (
    BAD_NUMBERS,
    SettingsCase,
)
from odoo.addons.sale_order_flow.tools import MAX_AMOUNT, MAX_DAYS
from odoo.exceptions import ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCreditSettingsValidation(SettingsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"account_use_credit_limit": True, "credit_overdue_grace_days": 30}
        )
        cls.Settings = cls.env["res.config.settings"].with_user(cls.admin)
        cls.Settings.create({"account_default_credit_limit": 2500.0}).execute()

    def _default_credit_limit(self):
        """The credit limit of the customers who have none of their own."""
        partners = self.env["res.partner"].with_company(self.company)
        return partners._fields["credit_limit"].get_company_dependent_fallback(partners)

    # -- overdue grace days ---------------------------------------------------------------

    def test_grace_days_refuse_what_is_not_a_number_of_days(self):
        for value in (*BAD_NUMBERS, MAX_DAYS + 1):
            with self.subTest(value=value):
                self.assertRefused(self.company, "credit_overdue_grace_days", value, 30)

    def test_grace_days_accept_zero_to_a_century(self):
        for value in (0, 1, MAX_DAYS):
            with self.subTest(value=value):
                self.company.with_user(self.admin).credit_overdue_grace_days = value
                self.company.invalidate_recordset()
                self.assertEqual(self.company.credit_overdue_grace_days, value)

    def test_grace_days_are_checked_through_settings(self):
        for value in (math.nan, math.inf, 1e308, -1, MAX_DAYS + 1):
            with self.subTest(value=value):
                self.assertRefusedBySettings("credit_overdue_grace_days", value)
                self.company.invalidate_recordset()
                self.assertEqual(self.company.credit_overdue_grace_days, 30)

    def test_grace_days_are_saved_through_settings(self):
        self.Settings.create({"credit_overdue_grace_days": MAX_DAYS}).execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.credit_overdue_grace_days, MAX_DAYS)

    def test_new_company_with_bad_grace_days_is_refused(self):
        companies = self.env["res.company"].search_count([])
        with self.assertRaises(ValidationError):
            self.env["res.company"].with_user(self.admin).create(
                {"name": "Nan Corp", "credit_overdue_grace_days": math.nan}
            )
        self.assertEqual(self.env["res.company"].search_count([]), companies)

    # -- Odoo's default credit limit ------------------------------------------------------

    def test_default_credit_limit_refuses_what_is_not_an_amount(self):
        for value in (*BAD_NUMBERS, MAX_AMOUNT * 10):
            with self.subTest(value=value):
                self.assertRefusedBySettings("account_default_credit_limit", value)
                self.assertEqual(self._default_credit_limit(), 2500.0)

    def test_default_credit_limit_accepts_zero_to_the_maximum(self):
        for value in (0.0, MAX_AMOUNT):
            with self.subTest(value=value):
                self.Settings.create({"account_default_credit_limit": value}).execute()
                self.assertEqual(self._default_credit_limit(), value)

    def test_default_credit_limit_is_checked_when_settings_are_edited(self):
        # The web client saves an edited Settings record with write().
        settings = self.Settings.create({})
        with self.assertRaises(ValidationError):
            settings.write({"account_default_credit_limit": math.inf})
        self.assertEqual(self._default_credit_limit(), 2500.0)

    # -- minimum overdue amount, tolerance, customer terms ---------------------------------

    def test_minimum_overdue_amount_and_tolerance_are_bounded(self):
        cases = {
            "credit_overdue_min_amount": (*BAD_NUMBERS, MAX_AMOUNT * 10),
            "credit_limit_tolerance": (*BAD_NUMBERS, 100.01),
        }
        for fname, values in cases.items():
            for value in values:
                with self.subTest(fname=fname, value=value):
                    self.assertRefused(self.company, fname, value, 0.0)
                    self.assertRefusedBySettings(fname, value)
        self.Settings.create(
            {"credit_limit_tolerance": 100.0, "credit_overdue_min_amount": MAX_AMOUNT}
        ).execute()
        self.assertRecordValues(
            self.company,
            [
                {
                    "credit_limit_tolerance": 100.0,
                    "credit_overdue_min_amount": MAX_AMOUNT,
                }
            ],
        )

    def test_customer_credit_terms_are_bounded(self):
        customer = self.env["res.partner"].create({"name": "Bounded Customer"})
        cases = {
            "credit_limit_temporary": (*BAD_NUMBERS, MAX_AMOUNT * 10),
            "credit_overdue_min_amount": (*BAD_NUMBERS, MAX_AMOUNT * 10),
            "credit_overdue_grace_days": (*BAD_NUMBERS, MAX_DAYS + 1),
        }
        for fname, values in cases.items():
            for value in values:
                with self.subTest(fname=fname, value=value):
                    self.assertRefused(customer, fname, value, 0)
