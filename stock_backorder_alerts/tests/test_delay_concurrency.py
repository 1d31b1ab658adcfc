# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import threading
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.stock_backorder_alerts.models.stock_picking_delay import (
    StockPicking as DelayPicking,
)
from odoo.tests import TransactionCase, tagged

from .common import delivery_vals


@tagged("post_install", "-at_install")
class TestDelayAlertConcurrency(TransactionCase):
    """Runs of the alert job at the same moment, each in its own database transaction (real
    cursors, committed data, cleaned up afterwards): one run alerts, the others return at
    once or find the work done; nothing is alerted twice and no run fails."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            product = env["product.product"].create(
                {"name": "Race lamp", "is_storable": True}
            )
            partner = env["res.partner"].create({"name": "Race Customer"})
            responsible = env["res.users"].create(
                {
                    "name": "Race Clerk",
                    "login": "sba_race_clerk",
                    "groups_id": [Command.link(env.ref("stock.group_stock_user").id)],
                }
            )
            pickings = env["stock.picking"].create(
                [
                    delivery_vals(warehouse, partner, product, user=responsible)
                    for _i in range(3)
                ]
            )
            pickings.action_confirm()
            pickings.scheduled_date = fields.Datetime.now() - timedelta(hours=5)
            cr.commit()  # pylint: disable=invalid-commit
        self.data = {
            "picking_ids": pickings.ids,
            "product_id": product.id,
            "partner_id": partner.id,
            "user_id": responsible.id,
        }
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pickings = env["stock.picking"].browse(self.data["picking_ids"])
            env["mail.activity"].search(
                [("res_model", "=", "stock.picking"), ("res_id", "in", pickings.ids)]
            ).unlink()
            pickings.action_cancel()
            pickings.unlink()
            env["product.product"].browse(
                self.data["product_id"]
            ).product_tmpl_id.unlink()
            env["res.users"].browse(self.data["user_id"]).unlink()
            env["res.partner"].browse(self.data["partner_id"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _watch_batches(self):
        """Count the batches a run processes (the real method runs)."""
        return patch.object(
            DelayPicking,
            "_process_delay_alerts",
            autospec=True,
            side_effect=DelayPicking._process_delay_alerts,
        )

    def _alerts(self):
        """(levels, activities per picking) as committed."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pickings = env["stock.picking"].browse(self.data["picking_ids"])
            activities = env["mail.activity"].search(
                [("res_model", "=", "stock.picking"), ("res_id", "in", pickings.ids)]
            )
            return (
                pickings.mapped("delay_level"),
                sorted(activities.mapped("res_id")),
            )

    def test_a_second_run_returns_at_once_and_a_stale_one_does_nothing(self):
        with (
            self.env.registry.cursor() as cr_1,
            self.env.registry.cursor() as cr_2,
        ):
            first = api.Environment(cr_1, SUPERUSER_ID, {})["stock.picking"]
            second = api.Environment(cr_2, SUPERUSER_ID, {})["stock.picking"]
            self.assertEqual(first._cron_delay_alerts(), 3)
            # the first run holds the lock until its transaction ends: no wait, no work
            cr_2.execute("SET LOCAL lock_timeout = '300ms'")
            with self._watch_batches() as process:
                self.assertEqual(second._cron_delay_alerts(), 0)
            self.assertEqual(process.call_count, 0, "it returned before any batch")
            cr_1.commit()  # pylint: disable=invalid-commit
            # the second transaction began before the first run committed: it takes the
            # lock now, but sees the transfers as they were, and stops at the first one
            with self._watch_batches() as process:
                self.assertEqual(second._cron_delay_alerts(), 0)
            self.assertEqual(process.call_count, 1, "it stopped at its first batch")
            cr_2.commit()  # pylint: disable=invalid-commit
        levels, activity_res_ids = self._alerts()
        self.assertEqual(levels, [1, 1, 1])
        self.assertEqual(activity_res_ids, sorted(self.data["picking_ids"]))

    def test_four_runs_of_the_server_action_at_once(self):
        action_id = self.env.ref(
            "stock_backorder_alerts.ir_cron_delay_alerts"
        ).ir_actions_server_id.id
        barrier = threading.Barrier(4, timeout=30)
        errors = []
        registry = self.env.registry

        def run():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    action = env["ir.actions.server"].browse(action_id)
                    barrier.wait()
                    action.run()
            except Exception as error:
                errors.append(repr(error))

        threads = [threading.Thread(target=run) for _i in range(4)]
        for thread in threads:
            thread.testing = True
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [], "every run ends cleanly")
        levels, activity_res_ids = self._alerts()
        self.assertEqual(levels, [1, 1, 1])
        self.assertEqual(
            activity_res_ids, sorted(self.data["picking_ids"]), "one alert each"
        )

    def test_run_by_the_scheduler_commits_each_batch(self):
        cron = self.env.ref("stock_backorder_alerts.ir_cron_delay_alerts")
        process = DelayPicking._process_delay_alerts
        batches = []

        def crash_at_second_batch(batch, rules, now):
            process(batch, rules, now)
            batches.append(batch)
            if len(batches) == 2:
                raise RuntimeError("the alert job dies in the middle of batch 2")

        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            progress = env["ir.cron.progress"].create({"cron_id": cron.id})
            cr.commit()  # pylint: disable=invalid-commit
            self.addCleanup(self._unlink_progress, progress.id)
            scheduled = env["stock.picking"].with_context(
                ir_cron_progress_id=progress.id
            )
            with (
                patch.object(
                    DelayPicking,
                    "_process_delay_alerts",
                    autospec=True,
                    side_effect=crash_at_second_batch,
                ),
                self.assertRaises(RuntimeError),
            ):
                scheduled._cron_delay_alerts(batch_size=1)
            cr.rollback()  # pylint: disable=invalid-commit
        levels, activity_res_ids = self._alerts()
        first = min(self.data["picking_ids"])
        self.assertEqual(levels[self.data["picking_ids"].index(first)], 1)
        self.assertEqual(sorted(levels), [0, 0, 1], "the first batch was committed")
        self.assertEqual(activity_res_ids, [first])

        with self.env.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["stock.picking"]._cron_delay_alerts()
        levels, activity_res_ids = self._alerts()
        self.assertEqual(levels, [1, 1, 1])
        self.assertEqual(activity_res_ids, sorted(self.data["picking_ids"]))

    def _unlink_progress(self, progress_id):
        with self.env.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["ir.cron.progress"].browse(
                progress_id
            ).unlink()
