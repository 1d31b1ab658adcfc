# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Credit terms finance teams tune: minimum overdue amount, grace days per customer,
tolerance over the limit, temporary limits. Each rule at its boundary."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditTerms(CreditGuardCommon):
    def _codes(self, order):
        return [r["code"] for r in order._credit_check()["reasons"]]

    # --- overdue threshold and grace days

    def test_overdue_below_the_company_minimum_does_not_hold(self):
        self._create_invoice(50.0, due=self._days_ago(31))
        order = self._create_order(qty=1)
        self.company.credit_overdue_min_amount = 50.01
        self.assertEqual(self._codes(order), [])
        self.company.credit_overdue_min_amount = 50.0
        self.assertEqual(self._codes(order), ["overdue"])
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertIn("50.00", order.credit_hold_reason)

    def test_only_invoices_beyond_the_grace_count_for_the_minimum(self):
        self._create_invoice(40.0, due=self._days_ago(31))
        self._create_invoice(500.0, due=self._days_ago(5))  # overdue, within grace
        self.company.credit_overdue_min_amount = 41.0
        self.assertEqual(self._codes(self._create_order(qty=1)), [])

    def test_customer_rules_override_the_company_rules(self):
        self._create_invoice(50.0, due=self._days_ago(45))
        order = self._create_order(qty=1)
        self.assertEqual(self._codes(order), ["overdue"], "company: 30 days")
        self.customer.write(
            {"credit_overdue_custom": True, "credit_overdue_grace_days": 45}
        )
        self.assertEqual(self._codes(order), [], "45 days late, 45 days of grace")
        self.customer.credit_overdue_grace_days = 44
        self.assertEqual(self._codes(order), ["overdue"])
        self.customer.credit_overdue_min_amount = 100.0
        self.company.credit_overdue_min_amount = 0.0
        self.assertEqual(self._codes(order), [], "the customer's minimum applies")
        self.customer.credit_overdue_custom = False
        self.assertEqual(self._codes(order), ["overdue"], "the company's again")

    # --- tolerance over the limit

    def test_tolerance_lets_the_exposure_go_over_the_limit_up_to_it(self):
        self._create_invoice(800.0)
        self.company.credit_limit_tolerance = 10.0
        within = self._create_order(qty=3)  # 1,100: 10% over 1,000
        self.assertEqual(self._codes(within), [])
        self.assertFalse(within.credit_over_limit)
        over = self._create_order(qty=1, price=300.01)
        self.assertEqual(self._codes(over), ["limit"])
        self.assertTrue(over.credit_over_limit)
        over.action_confirm()
        self.assertIn("10.00%", over.credit_hold_reason)
        self.assertIn("1,100.00", over.credit_hold_reason)

    # --- temporary limit

    def _grant_temporary_limit(self, amount, days):
        self.customer.with_user(self.controller).write(
            {
                "credit_limit_temporary": amount,
                "credit_limit_temporary_expiry": self.today + timedelta(days=days),
            }
        )

    def test_temporary_limit_applies_until_its_expiry_then_ends_by_itself(self):
        self._grant_temporary_limit(2000.0, days=5)
        self._create_invoice(800.0)
        order = self._create_order(qty=10)  # 1,800
        verdict = order._credit_check()
        self.assertEqual(verdict["limit"], 2000.0)
        self.assertEqual(verdict["limit_applied"], "temporary")
        self.assertFalse(verdict["blocked"])
        self.assertEqual(self.customer.credit_available, 1200.0)
        with freeze_time(self.today + timedelta(days=5)):
            self.assertFalse(order._credit_check()["blocked"], "the last day included")
        with freeze_time(self.today + timedelta(days=6)):
            verdict = order._credit_check()
            self.assertEqual(verdict["limit_applied"], "permanent")
            self.assertEqual(verdict["limit"], 1000.0)
            self.assertIn("the credit limit of", verdict["reasons"][0]["message"])
            order.action_confirm()
            self.assertTrue(order.credit_hold)

    def test_held_order_says_the_temporary_limit_applied(self):
        self._grant_temporary_limit(1500.0, days=5)
        self._create_invoice(800.0)
        order = self._create_order(qty=8)
        order.action_confirm()
        self.assertIn("temporary limit of", order.credit_hold_reason)
        self.assertIn("1,500.00", order.credit_hold_reason)

    def test_cron_announces_the_end_of_a_temporary_limit_once(self):
        self._grant_temporary_limit(2000.0, days=1)
        cron = self.env["res.partner"]._cron_end_temporary_credit_limits
        cron()
        self.assertEqual(self.customer.credit_limit_temporary, 2000.0, "not ended")
        with freeze_time(self.today + timedelta(days=2)):
            cron()
            cron()
        self.assertFalse(self.customer.credit_limit_temporary_expiry)
        self.assertEqual(self.customer.credit_limit_temporary, 0.0)
        ended = self.customer.message_ids.filtered(
            lambda m: "temporary credit limit" in (m.body or "")
        )
        self.assertEqual(len(ended), 1)
        self.assertIn("2,000.00", ended.body)

    def test_only_credit_controllers_grant_temporary_limits(self):
        for user in self.salesman | self.accountant:
            for vals in (
                {"credit_limit_temporary": 5000.0},
                {"credit_limit_temporary_expiry": self.today},
                {"credit_overdue_custom": True},
                {"credit_overdue_grace_days": 90},
                {"credit_overdue_min_amount": 1000.0},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError):
                        self.customer.with_user(user).write(vals)
        self.assertRecordValues(
            self.customer,
            [
                {
                    "credit_limit_temporary": 0.0,
                    "credit_limit_temporary_expiry": False,
                    "credit_overdue_custom": False,
                    "credit_overdue_grace_days": 0,
                    "credit_overdue_min_amount": 0.0,
                }
            ],
        )

    def test_changes_of_credit_terms_are_tracked(self):
        # Who changed what, when, from and to: in the customer's chatter.
        self.assertLessEqual(
            {
                "credit_limit",
                "credit_hold",
                "credit_limit_temporary",
                "credit_limit_temporary_expiry",
                "credit_overdue_custom",
                "credit_overdue_grace_days",
                "credit_overdue_min_amount",
            },
            self.env["res.partner"]._track_get_fields(),
        )
