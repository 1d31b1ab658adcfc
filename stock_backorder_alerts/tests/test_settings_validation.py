# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The grace and the level of a delay rule only ever hold finite numbers within their range:
an infinite or NaN grace would make the alert job fail for every transfer."""

import math

from odoo.addons.stock_backorder_alerts.models.stock_delay_rule import (
    MAX_GRACE_HOURS,
    MAX_LEVEL,
)
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

# What an RPC client can send to a numeric field and must never be stored (this addon does
# not depend on sale_order_flow, whose tests hold the same list).
BAD_NUMBERS = (math.nan, math.inf, -math.inf, 1e308, "NaN", 10**400, -1, -0.5)


@tagged("post_install", "-at_install")
class TestDelayRuleValidation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env,
            login="sba_rule_manager",
            name="Mia Manager",
            groups="stock.group_stock_manager",
        )
        cls.Rules = cls.env["stock.delay.rule"].with_user(cls.stock_manager)
        cls.rule = cls.Rules.create(
            {
                "name": "Late",
                "grace_hours": 4.0,
                "level": 2,
                "notify_responsible": True,
            }
        )

    def assertRefused(self, fname, value, expected):
        """Writing ``value`` on the rule's ``fname`` is refused with a ``ValidationError``
        naming the field, and the rule keeps ``expected``."""
        with self.assertRaises(ValidationError) as caught:
            self.rule.write({fname: value})
        label = self.rule._fields[fname]._description_string(self.env)
        self.assertIn(label, str(caught.exception))
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule[fname], expected)

    def test_grace_refuses_what_is_not_a_number_of_hours(self):
        for value in (*BAD_NUMBERS, MAX_GRACE_HOURS + 1):
            with self.subTest(value=value):
                self.assertRefused("grace_hours", value, 4.0)

    def test_grace_accepts_zero_to_a_century(self):
        for value in (0.0, 0.5, MAX_GRACE_HOURS):
            with self.subTest(value=value):
                self.rule.write({"grace_hours": value})
                self.rule.invalidate_recordset()
                self.assertEqual(self.rule.grace_hours, value)

    def test_level_refuses_what_is_not_a_level(self):
        for value in (*BAD_NUMBERS, 0, False, MAX_LEVEL + 1):
            with self.subTest(value=value):
                self.assertRefused("level", value, 2)

    def test_level_accepts_1_to_the_maximum(self):
        for value in (1, MAX_LEVEL):
            with self.subTest(value=value):
                self.rule.write({"level": value})
                self.rule.invalidate_recordset()
                self.assertEqual(self.rule.level, value)

    def test_new_rule_with_bad_numbers_is_refused(self):
        for vals in (
            {"grace_hours": math.nan},
            {"grace_hours": math.inf},
            {"grace_hours": -1.0},
            {"level": math.nan},
            {"level": 1e308},
            {"level": -1},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(ValidationError):
                    self.Rules.create({"name": "Broken", **vals})
        self.assertFalse(self.Rules.search([("name", "=", "Broken")]))
