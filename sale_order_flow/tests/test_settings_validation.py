# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Numeric settings only ever hold finite numbers within their range: the price tolerance of
the company and the minimum amount of the approval tiers, whichever way they are written
(the ORM, Settings, XML-RPC, JSON-RPC)."""

import math
import xmlrpc.client

from odoo.addons.sale_order_flow.tools import MAX_AMOUNT
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

WARNING = 2  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_WARNING (UserError)

# What an RPC client can send to a numeric field and must never be stored: not numbers,
# numbers no amount or percentage can be, a number too large to compute with, a negative
# one; as floats, as text (the ORM converts "NaN") and as an integer beyond any float.
BAD_NUMBERS = (
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    "NaN",
    "1e308",
    10**400,
    -1,
    -0.01,
)


class SettingsCase(TransactionCase):
    """A settings administrator (who is also sales administrator) and an approval tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sale_price_tolerance = 7.5
        cls.admin = new_test_user(
            cls.env,
            login="sof_settings_admin",
            name="Sophie Settings",
            groups="base.group_system,sales_team.group_sale_manager",
        )
        cls.tier = cls.env["sale.approval.tier"].create(
            {"name": "Large orders", "min_amount": 5000.0}
        )

    def assertRefused(self, records, fname, value, expected):
        """The administrator writing ``value`` on ``fname`` is refused with a
        ``ValidationError`` naming the field, and ``fname`` keeps ``expected`` in the
        database."""
        with self.assertRaises(ValidationError) as caught:
            records.with_user(self.admin).write({fname: value})
        label = records._fields[fname]._description_string(self.env)
        self.assertIn(label, str(caught.exception))
        records.invalidate_recordset()
        self.assertEqual(records[fname], expected)

    def assertRefusedBySettings(self, fname, value):
        """The administrator saving ``value`` for ``fname`` in Settings (create, then
        execute, as the Save button does) is refused with a ``ValidationError`` naming the
        field. The caller checks that the stored setting did not change."""
        settings = self.env["res.config.settings"].with_user(self.admin)
        with self.assertRaises(ValidationError) as caught:
            settings.create({fname: value}).execute()
        label = settings._fields[fname]._description_string(self.env)
        self.assertIn(label, str(caught.exception))


@tagged("post_install", "-at_install")
class TestSettingsValidation(SettingsCase):
    # -- price tolerance ------------------------------------------------------------------

    def test_price_tolerance_refuses_what_is_not_a_percentage(self):
        for value in (*BAD_NUMBERS, 100.01):
            with self.subTest(value=value):
                self.assertRefused(self.company, "sale_price_tolerance", value, 7.5)

    def test_price_tolerance_accepts_0_to_100(self):
        for value in (0.0, 0.5, 100.0):
            with self.subTest(value=value):
                self.company.with_user(self.admin).sale_price_tolerance = value
                self.company.invalidate_recordset()
                self.assertEqual(self.company.sale_price_tolerance, value)

    def test_new_company_with_a_bad_tolerance_is_refused(self):
        companies = self.env["res.company"].search_count([])
        with self.assertRaises(ValidationError):
            self.env["res.company"].with_user(self.admin).create(
                {"name": "Nan Corp", "sale_price_tolerance": math.nan}
            )
        self.assertEqual(self.env["res.company"].search_count([]), companies)

    def test_price_tolerance_is_checked_through_settings(self):
        for value in (math.nan, math.inf, 1e308, -5.0, 101.0):
            with self.subTest(value=value):
                self.assertRefusedBySettings("sale_price_tolerance", value)
                self.company.invalidate_recordset()
                self.assertEqual(self.company.sale_price_tolerance, 7.5)

    def test_price_tolerance_is_saved_through_settings(self):
        settings = self.env["res.config.settings"].with_user(self.admin)
        settings.create({"sale_price_tolerance": 100.0}).execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.sale_price_tolerance, 100.0)

    # -- approval tiers -------------------------------------------------------------------

    def test_tier_amount_refuses_what_is_not_an_amount(self):
        for value in (*BAD_NUMBERS, MAX_AMOUNT * 10):
            with self.subTest(value=value):
                self.assertRefused(self.tier, "min_amount", value, 5000.0)

    def test_tier_amount_accepts_zero_to_the_maximum(self):
        for value in (0.0, 0.01, MAX_AMOUNT):
            with self.subTest(value=value):
                self.tier.with_user(self.admin).min_amount = value
                self.tier.invalidate_recordset()
                self.assertEqual(self.tier.min_amount, value)

    def test_new_tier_with_a_bad_amount_is_refused(self):
        Tier = self.env["sale.approval.tier"].with_user(self.admin)
        for value in (math.nan, math.inf, 1e308, -100.0):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    Tier.create({"name": "Broken", "min_amount": value})
                self.assertIn("Minimum Untaxed Amount", str(caught.exception))
        self.assertFalse(Tier.search([("name", "=", "Broken")]))


@tagged("post_install", "-at_install")
class TestSettingsValidationRpc(SettingsCase, HttpCase):
    """The same refusals reach RPC callers as a warning naming the field, and nothing
    changes."""

    def test_xmlrpc_admin_cannot_set_a_tier_amount_to_nan_or_1e308(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(
            db, self.admin.login, self.admin.login, {}
        )
        for value in (math.nan, 1e308):
            with self.subTest(value=value):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.xmlrpc_object.execute_kw(
                        db,
                        uid,
                        self.admin.login,
                        "sale.approval.tier",
                        "write",
                        [[self.tier.id], {"min_amount": value}],
                    )
                self.assertEqual(caught.exception.faultCode, WARNING)
                self.assertIn("Minimum Untaxed Amount", caught.exception.faultString)
                self.tier.invalidate_recordset()
                self.assertEqual(self.tier.min_amount, 5000.0)

    def test_jsonrpc_nan_tolerance_is_refused(self):
        # json.dumps writes float("nan") as the bare literal NaN, which Python's json (and so
        # Odoo's JSON-RPC) reads back as a float NaN: the body a hostile client can send.
        self.authenticate(self.admin.login, self.admin.login)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.company/write",
                {
                    "model": "res.company",
                    "method": "write",
                    "args": [[self.company.id], {"sale_price_tolerance": math.nan}],
                    "kwargs": {},
                },
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.ValidationError")
        self.company.invalidate_recordset()
        self.assertEqual(self.company.sale_price_tolerance, 7.5)
