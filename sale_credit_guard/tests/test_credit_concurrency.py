# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    """Two users confirm orders of the same customer at the same moment, each in their
    own database transaction (real cursors, committed data, cleaned up afterwards).

    Customer limit 1,000; two quotations of 600 each: only one may pass.
    """

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            self.previous_setting = company.read(
                ["account_use_credit_limit", "credit_hold_orders"]
            )[0]
            del self.previous_setting["id"]
            company.write(
                {"account_use_credit_limit": True, "credit_hold_orders": True}
            )
            partner = env["res.partner"].create(
                {"name": "Race Corp", "is_company": True, "credit_limit": 1000.0}
            )
            product = env["product.product"].create(
                {
                    "name": "Race service",
                    "type": "service",
                    "invoice_policy": "order",
                    "list_price": 600.0,
                    "taxes_id": [Command.clear()],
                }
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                    for _i in range(2)
                ]
            )
            self.assertEqual(orders.mapped("amount_total"), [600.0, 600.0])
            # The two cursors of the test only see committed data.
            cr.commit()  # pylint: disable=invalid-commit
        self.data = {
            "company_id": company.id,
            "partner_id": partner.id,
            "product_id": product.id,
            "order_ids": orders.ids,
        }
        self.envs = [
            api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {})
            for _i in range(2)
        ]
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.data["order_ids"])
            orders.filtered(lambda o: o.state == "sale")._action_cancel()
            orders.unlink()
            env["mail.activity"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.data["order_ids"]),
                ]
            ).unlink()
            env["product.product"].browse(
                self.data["product_id"]
            ).product_tmpl_id.unlink()
            env["res.partner"].browse(self.data["partner_id"]).unlink()
            env["res.company"].browse(self.data["company_id"]).write(
                self.previous_setting
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _orders(self, env):
        return env["sale.order"].browse(self.data["order_ids"])

    def test_second_check_waits_for_the_first_confirmation(self):
        env_a, env_b = self.envs
        order_a = self._orders(env_a)[0]
        order_b = self._orders(env_b)[1]
        order_a.action_confirm()
        self.assertEqual(order_a.state, "sale")
        # B must wait on A's lock on the customer: with a short timeout it gives up.
        env_b.cr.execute("SET lock_timeout = '300ms'")
        with (
            self.assertRaises(psycopg2.errors.LockNotAvailable),
            mute_logger("odoo.sql_db"),
        ):
            order_b.action_confirm()
        env_b.cr.rollback()
        env_a.cr.commit()
        # Once A is committed, B's check sees A's order and holds B.
        action = order_b.action_confirm()
        env_b.cr.commit()
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertEqual(order_b.state, "draft")
        self.assertTrue(order_b.credit_hold)

    def test_stale_snapshot_fails_and_the_retry_holds(self):
        env_a, env_b = self.envs
        # B's transaction starts before A confirms (REPEATABLE READ snapshot taken now).
        env_b.cr.execute("SELECT 1")
        order_a = self._orders(env_a)[0]
        order_a.action_confirm()
        env_a.cr.commit()
        order_b = self._orders(env_b)[1]
        # B's snapshot does not show A's order: the lock refuses to go on with it.
        with (
            self.assertRaises(psycopg2.errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
        ):
            order_b.action_confirm()
        env_b.cr.rollback()
        # What Odoo does for an RPC failing with a serialization error: retry it.
        order_b.action_confirm()
        env_b.cr.commit()
        self.assertEqual(order_b.state, "draft")
        self.assertTrue(order_b.credit_hold)
        self.assertEqual(
            self._orders(env_a).with_env(env_a).mapped("state"), ["sale", "draft"]
        )
