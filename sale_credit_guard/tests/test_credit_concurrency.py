# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import threading

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

# Long enough for any statement that does not wait for a lock, short enough for a test.
NO_WAIT = "SET LOCAL lock_timeout = '300ms'"


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    """Two users confirm orders of the same customer at the same moment, each in their
    own database transaction (real cursors, committed data, cleaned up afterwards): the
    second waits for the first and sees its order, without failing; and while one of them
    holds the customer's credit lock, the others go on working.

    Customer limit 1,600, an order of 600 already confirmed (still to invoice); two
    quotations of 600 each: only one may pass.
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
                {"name": "Race Corp", "is_company": True, "credit_limit": 1600.0}
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
                    for _i in range(3)
                ]
            )
            self.assertEqual(orders.mapped("amount_total"), [600.0, 600.0, 600.0])
            # Existing business, confirmed before the policy applied: no credit check of
            # the customer has left a stamp yet.
            confirmed = orders[2]
            company.account_use_credit_limit = False
            confirmed.action_confirm()
            company.account_use_credit_limit = True
            self.assertEqual(confirmed.state, "sale")
            self.assertFalse(
                env["sale.credit.lock"].search([("partner_id", "=", partner.id)])
            )
            # The two cursors of the test only see committed data.
            cr.commit()  # pylint: disable=invalid-commit
        self.data = {
            "company_id": company.id,
            "partner_id": partner.id,
            "product_id": product.id,
            "order_ids": orders[:2].ids,
            "confirmed_id": confirmed.id,
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
            partner = env["res.partner"].browse(self.data["partner_id"])
            payments = env["account.payment"].search([("partner_id", "=", partner.id)])
            payments.action_draft()
            payments.with_context(force_delete=True).unlink()
            env["account.payment.register"].search(
                [("partner_id", "=", partner.id)]
            ).unlink()
            moves = env["account.move"].search([("partner_id", "=", partner.id)])
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            orders = env["sale.order"].search([("partner_id", "=", partner.id)])
            orders.filtered(lambda o: o.state == "sale")._action_cancel()
            env["mail.activity"].search(
                [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
            ).unlink()
            orders.unlink()
            env["product.product"].browse(
                self.data["product_id"]
            ).product_tmpl_id.unlink()
            partner.unlink()
            env["res.company"].browse(self.data["company_id"]).write(
                self.previous_setting
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _orders(self, env):
        return env["sale.order"].browse(self.data["order_ids"])

    # -- the race, on a customer never checked before --------------------------------------

    def test_second_check_waits_for_the_first_confirmation(self):
        self._assert_second_check_waits()

    def test_check_with_an_old_snapshot_sees_the_first_confirmation(self):
        self._assert_old_snapshot_sees_the_first_confirmation()

    def _assert_second_check_waits(self):
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

    def _assert_old_snapshot_sees_the_first_confirmation(self):
        env_a, env_b = self.envs
        # B's transaction starts before A confirms (REPEATABLE READ snapshot taken now).
        env_b.cr.execute("SELECT 1")
        order_a = self._orders(env_a)[0]
        order_a.action_confirm()
        env_a.cr.commit()
        order_b = self._orders(env_b)[1]
        # B's snapshot does not show A's order, but the check reads what was committed
        # since: B is held, without failing.
        action = order_b.action_confirm()
        env_b.cr.commit()
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertEqual(order_b.state, "draft")
        self.assertTrue(order_b.credit_hold)
        # A's 600 is in the exposure B was checked against (600 before it).
        self.assertRegex(
            order_b.credit_hold_reason, r"orders not invoiced .{0,3}1,20[01]\.00"
        )
        self.assertEqual(
            self._orders(env_a).with_env(env_a).mapped("state"), ["sale", "draft"]
        )

    # -- the race, when the customer was checked before ----------------------------------

    def _confirm_with_policy(self):
        """A third order of the customer confirmed under the policy, committed: the
        customer's credit checks have left a stamp."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].create(
                {
                    "partner_id": self.data["partner_id"],
                    "company_id": self.data["company_id"],
                    "order_line": [
                        Command.create(
                            {"product_id": self.data["product_id"], "price_unit": 1.0}
                        )
                    ],
                }
            )
            order.action_confirm()
            self.assertEqual(order.state, "sale")
            self.assertTrue(
                env["sale.credit.lock"].search(
                    [("partner_id", "=", self.data["partner_id"])]
                )
            )
            cr.commit()  # pylint: disable=invalid-commit

    def test_second_check_waits_for_a_customer_checked_before(self):
        self._confirm_with_policy()
        self._assert_second_check_waits()

    def test_old_snapshot_of_a_customer_checked_before(self):
        self._confirm_with_policy()
        self._assert_old_snapshot_sees_the_first_confirmation()

    def test_concurrent_confirmations_need_no_retry(self):
        """Both users click Confirm at once: one is confirmed, the other held, and neither
        request had to be replayed."""
        outcome = {}
        attempts = []

        def confirm(env, order_id, barrier):
            # As in a server thread: Odoo's retry loop around the request's transaction.
            threading.current_thread().testing = True
            barrier.wait(10)
            order = env["sale.order"].browse(order_id)

            def attempt():
                attempts.append(order_id)
                return order.action_confirm()

            try:
                retrying(attempt, env)
            except Exception as exc:  # reported below, in the test's own thread
                outcome[order_id] = exc

        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=confirm, args=(env, order_id, barrier))
            for env, order_id in zip(self.envs, self.data["order_ids"], strict=True)
        ]
        with mute_logger("odoo.service.model"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        self.assertEqual(outcome, {})
        self.assertEqual(sorted(attempts), sorted(self.data["order_ids"]), "no retry")
        env = self.envs[0]
        env.cr.rollback()  # a snapshot taken now, after both commits
        env.invalidate_all()
        orders = self._orders(env)
        self.assertEqual(sorted(orders.mapped("state")), ["draft", "sale"])
        self.assertEqual(orders.filtered("credit_hold").state, "draft")

    # -- the lock itself --------------------------------------------------------------------

    def test_only_the_newest_stamp_is_kept(self):
        self._confirm_with_policy()
        self._confirm_with_policy()
        env = self.envs[0]
        company = env["res.company"].browse(self.data["company_id"])
        stamps = env["sale.credit.lock"]
        partner_id = self.data["partner_id"]
        stamps._acquire(company, [partner_id])
        self.assertFalse(stamps._get_stale_partner_ids(company, [partner_id]))
        env.cr.rollback()
        env.invalidate_all()
        rows = stamps.search([("partner_id", "=", partner_id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.company_id, company)

    def test_lock_of_one_customer_does_not_stop_another(self):
        env_a, env_b = self.envs
        company_id = self.data["company_id"]
        other_id = env_b["res.partner"].create({"name": "Other Race Corp"}).id
        env_b.cr.commit()
        self.addCleanup(self._delete_partner, other_id)
        env_a["sale.credit.lock"]._acquire(
            env_a["res.company"].browse(company_id), [self.data["partner_id"]]
        )
        env_b.cr.execute(NO_WAIT)
        locks_b = env_b["sale.credit.lock"]
        company_b = env_b["res.company"].browse(company_id)
        locks_b._acquire(company_b, [other_id])
        with (
            self.assertRaises(psycopg2.errors.LockNotAvailable),
            mute_logger("odoo.sql_db"),
        ):
            locks_b._acquire(company_b, [other_id, self.data["partner_id"]])

    def _delete_partner(self, partner_id):
        for env in self.envs:
            env.cr.rollback()  # their row locks would make the delete wait
        with self.env.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(
                partner_id
            ).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    # -- nobody else waits for the credit lock ----------------------------------------------

    def _hold_credit_lock(self):
        """User A confirms an order of the customer and keeps the transaction open (the
        customer's credit lock held); user B starts working, refusing to wait for any lock.
        Returns B's environment."""
        env_a, env_b = self.envs
        order_a = self._orders(env_a)[0]
        order_a.action_confirm()
        self.assertEqual(order_a.state, "sale")
        env_a.flush_all()
        env_b.cr.execute(NO_WAIT)
        return env_b

    def _release_credit_lock(self):
        """A commits: its confirmation stands, whatever B did meanwhile."""
        env_a = self.envs[0]
        env_a.cr.commit()
        self.assertEqual(self._orders(env_a)[0].state, "sale")

    def test_quotations_created_and_edited_while_the_customer_is_locked(self):
        env_b = self._hold_credit_lock()
        quotation = env_b["sale.order"].create(
            {
                "partner_id": self.data["partner_id"],
                "order_line": [
                    Command.create(
                        {"product_id": self.data["product_id"], "product_uom_qty": 2}
                    )
                ],
            }
        )
        quotation.order_line.product_uom_qty = 3
        existing = self._orders(env_b)[1]
        existing.order_line.product_uom_qty = 4
        env_b.flush_all()
        self._release_credit_lock()
        quotation.write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.data["product_id"], "product_uom_qty": 1}
                    )
                ]
            }
        )
        env_b.cr.commit()
        self.assertEqual(quotation.amount_total, 2400.0)
        self.assertEqual(existing.amount_total, 2400.0)

    def test_orders_invoiced_while_the_customer_is_locked(self):
        env_b = self._hold_credit_lock()
        order = env_b["sale.order"].browse(self.data["confirmed_id"])
        invoice = order._create_invoices()
        invoice.action_post()
        env_b.flush_all()
        self._release_credit_lock()
        env_b.cr.commit()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(order.invoice_status, "invoiced")

    def test_payments_registered_while_the_customer_is_locked(self):
        env_b = self._hold_credit_lock()
        invoice = env_b["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.data["partner_id"],
                "invoice_line_ids": [
                    Command.create({"product_id": self.data["product_id"]})
                ],
            }
        )
        invoice.action_post()
        env_b["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        env_b.flush_all()
        self._release_credit_lock()
        env_b.cr.commit()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
