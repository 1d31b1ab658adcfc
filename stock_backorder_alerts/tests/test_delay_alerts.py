# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.addons.stock_backorder_alerts.models.stock_picking_delay import (
    StockPicking as DelayPicking,
)
from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestDelayAlerts(BackorderAlertsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Picking = cls.env["stock.picking"]
        cls.rule_1 = cls.env.ref("stock_backorder_alerts.delay_rule_level_1_warehouse")
        cls.rule_2 = cls.env.ref("stock_backorder_alerts.delay_rule_level_2_sales")
        cls.rule_3 = cls.env.ref("stock_backorder_alerts.delay_rule_level_3_customer")
        cls.managers = cls.env.ref("stock.group_stock_manager").users.filtered(
            lambda u: u.active and not u.share and cls.company in u.company_ids
        )

    def _late_order_delivery(self, hours_late):
        order = self._create_order()
        delivery = order.picking_ids
        delivery.user_id = self.clerk
        delivery.scheduled_date = self._hours_ago(hours_late)
        return order, delivery

    def test_default_rules_shipped_as_data(self):
        self.assertEqual(
            (self.rule_1 | self.rule_2 | self.rule_3).mapped("level"), [1, 2, 3]
        )
        self.assertTrue(self.rule_1.notify_responsible)
        self.assertTrue(self.rule_2.notify_salesperson)
        self.assertEqual(
            self.rule_2.notify_group_id, self.env.ref("stock.group_stock_manager")
        )
        self.assertTrue(self.rule_3.notify_customer)
        self.assertEqual(
            self.rule_3.mail_template_id,
            self.env.ref("stock_backorder_alerts.mail_template_delivery_delay"),
        )

    def test_one_method_decides_the_level(self):
        on_time = self._create_delivery(scheduled=self._hours_ago(1))
        level_1 = self._create_delivery(scheduled=self._hours_ago(5))
        level_2 = self._create_delivery(scheduled=self._hours_ago(25))
        level_3 = self._create_delivery(scheduled=self._hours_ago(49))
        pickings = on_time | level_1 | level_2 | level_3
        reached = pickings._get_delay_levels()
        levels = [max((r.level for r in reached[p.id]), default=0) for p in pickings]
        self.assertEqual(levels, [0, 1, 2, 3])
        self.assertEqual(pickings.mapped("current_delay_level"), [0, 1, 2, 3])

    def test_deadline_rule_uses_order_commitment_date(self):
        self.env["stock.delay.rule"].create(
            {
                "name": "Promise missed",
                "trigger": "deadline",
                "grace_hours": 0,
                "level": 4,
                "notify_salesperson": True,
            }
        )
        order = self._create_order()
        order.commitment_date = self._hours_ago(2)
        delivery = order.picking_ids
        delivery.scheduled_date = fields.Datetime.now() + timedelta(hours=1)
        self.assertEqual(delivery.current_delay_level, 4)

    def test_cron_alerts_each_new_level_once(self):
        order, delivery = self._late_order_delivery(hours_late=25)
        self.Picking._cron_delay_alerts()

        self.assertEqual(delivery.delay_level, 2)
        self.assertEqual(
            order.delivery_delay_level, 2, "the order shows the late badge"
        )
        activities = self._delay_activities(delivery)
        expected_users = self.clerk | self.salesman | self.managers
        self.assertEqual(activities.user_id, expected_users)
        self.assertEqual(len(activities.filtered(lambda a: a.user_id == self.clerk)), 1)
        self.assertIn(
            "level 1", activities.filtered(lambda a: a.user_id == self.clerk).summary
        )
        self.assertFalse(
            self._queued_mails(order, self.customer), "level 3 not reached yet"
        )

        self.Picking._cron_delay_alerts()
        self.assertEqual(self._delay_activities(delivery), activities, "nothing new")

    def test_recipient_of_several_new_levels_gets_one_activity(self):
        # no responsible: level 1 falls back to the inventory administrators, who are also
        # the level 2 group
        delivery = self._create_delivery(scheduled=self._hours_ago(25))
        self.Picking._cron_delay_alerts()
        activities = self._delay_activities(delivery)
        self.assertEqual(activities.user_id, self.managers)
        self.assertEqual(len(activities), len(self.managers))
        self.assertTrue(
            all("level 2" in summary for summary in activities.mapped("summary"))
        )

    def test_level_escalates_with_time_and_emails_the_customer(self):
        order, delivery = self._late_order_delivery(hours_late=5)
        self.Picking._cron_delay_alerts()
        self.assertEqual(delivery.delay_level, 1)
        self.assertEqual(self._delay_activities(delivery).user_id, self.clerk)

        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.Picking._cron_delay_alerts()
            self.assertEqual(delivery.delay_level, 3)
            self.assertEqual(
                self._delay_activities(delivery).user_id,
                self.clerk | self.salesman | self.managers,
            )
            mails = self._queued_mails(order, self.customer)
            self.assertEqual(len(mails), 1)
            self.assertEqual(mails.state, "outgoing")
            self.assertIn("is delayed", mails.subject)
            self.Picking._cron_delay_alerts()
            self.assertEqual(
                len(self._queued_mails(order, self.customer)), 1, "emailed once"
            )

    def test_done_and_cancelled_transfers_are_ignored(self):
        cancelled = self._create_delivery(
            responsible=self.clerk, scheduled=self._hours_ago(30)
        )
        cancelled.action_cancel()
        self._set_stock(self.product_a, 1)
        done = self._create_delivery(
            responsible=self.clerk, scheduled=self._hours_ago(1)
        )
        self._pick_available(done)
        done.button_validate()
        done.date_done = fields.Datetime.now()
        with freeze_time(fields.Datetime.now() + timedelta(days=3)):
            self.Picking._cron_delay_alerts()
        self.assertFalse(self._delay_activities(cancelled | done))
        self.assertEqual((cancelled | done).mapped("delay_level"), [0, 0])

    def test_activities_closed_when_late_delivery_is_done(self):
        order, delivery = self._late_order_delivery(hours_late=25)
        self.Picking._cron_delay_alerts()
        activities = self._delay_activities(delivery)
        self.assertTrue(activities)
        self._set_stock(self.product_a, 5)
        self._pick_available(delivery)
        delivery.delay_reason_id = self.env.ref(
            "stock_backorder_alerts.delay_reason_carrier_issue"
        )
        delivery.with_user(self.clerk).button_validate()

        self.assertEqual(delivery.state, "done")
        self.assertFalse(delivery.activity_ids, "no open delay activity left")
        self.assertTrue(all(not a.active and a.date_done for a in activities.exists()))
        self.assertEqual(delivery.delay_level, 2, "kept for analysis")
        self.assertGreaterEqual(delivery.delay_days, 1.0)
        self.assertEqual(order.delivery_delay_level, 0, "nothing late is open anymore")

    def test_cron_stopped_halfway_resumes_without_duplicates(self):
        pickings = self.Picking
        for _i in range(5):
            pickings |= self._create_delivery(
                responsible=self.clerk, scheduled=self._hours_ago(5)
            )
        process = DelayPicking._process_delay_alerts
        batches = []

        def crash_at_second_batch(batch, rules, now):
            # the whole batch is done (activities, levels), then the job dies
            process(batch, rules, now)
            batches.append(batch)
            if len(batches) == 2:
                raise RuntimeError("the alert job dies in the middle of batch 2")

        # not assertRaises: its savepoint would also undo the first batch
        interrupted = False
        with patch.object(
            DelayPicking,
            "_process_delay_alerts",
            autospec=True,
            side_effect=crash_at_second_batch,
        ):
            try:
                self.Picking._cron_delay_alerts(batch_size=2)
            except RuntimeError:
                interrupted = True
        self.assertTrue(interrupted)
        # the first batch is kept (committed in production), the second is rolled back
        self.assertEqual(pickings.mapped("delay_level"), [1, 1, 0, 0, 0])
        self.assertEqual(len(self._delay_activities(pickings)), 2)

        self.Picking._cron_delay_alerts(batch_size=2)
        self.assertEqual(pickings.mapped("delay_level"), [1] * 5)
        activities = self._delay_activities(pickings)
        self.assertEqual(len(activities), 5, "one activity per transfer, no duplicate")
        self.assertEqual(set(activities.mapped("res_id")), set(pickings.ids))

    def _create_late_deliveries(self, count, hours_late=25):
        self._create_delivery(
            responsible=self.clerk, scheduled=self._hours_ago(1)
        )  # on time
        for _i in range(count):
            self._create_delivery(
                responsible=self.clerk, scheduled=self._hours_ago(hours_late)
            )
        self.env.flush_all()
        self.env.invalidate_all()

    def _count_cron_queries(self, late_count, batch_size=50):
        self._create_late_deliveries(late_count)
        before = self.env.cr.sql_log_count
        self.Picking._cron_delay_alerts(batch_size=batch_size)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_batch(self):
        # a first run warms the registry caches (templates, xml ids, access rules)
        with self.env.cr.savepoint() as savepoint:
            self._count_cron_queries(5)
            savepoint.rollback()
        for late_count in (5, 20):
            with self.env.cr.savepoint() as savepoint:
                self._create_late_deliveries(late_count)
                # one batch: levels 1 and 2 reached, activities for the clerk, the
                # salesperson (none here) and the inventory administrators
                with self.assertQueryCount(37):
                    self.Picking._cron_delay_alerts(batch_size=50)
                self.assertEqual(
                    len(self._delay_activities(self.Picking.search([]))),
                    late_count * (1 + len(self.managers)),
                )
                savepoint.rollback()

    def test_query_count_does_not_grow_with_the_batch_position(self):
        with self.env.cr.savepoint() as savepoint:
            self._count_cron_queries(5)
            savepoint.rollback()
        counts = {}
        for late_count in (5, 10, 20):
            with self.env.cr.savepoint() as savepoint:
                counts[late_count] = self._count_cron_queries(late_count, batch_size=5)
                savepoint.rollback()
        per_batch = counts[10] - counts[5]
        self.assertEqual(
            counts[20] - counts[10], 2 * per_batch, "every batch costs the same"
        )

    def test_activity_dates_in_the_recipient_timezone(self):
        self.clerk.tz = "Asia/Shanghai"
        order, delivery = self._late_order_delivery(hours_late=5)
        delivery.scheduled_date = delivery.scheduled_date.replace(
            hour=0, minute=1, second=52
        ) - timedelta(days=1)
        self.Picking._cron_delay_alerts()
        note = str(
            self._delay_activities(delivery)
            .filtered(lambda a: a.user_id == self.clerk)
            .note
        )
        shanghai = format_datetime(
            self.env, delivery.scheduled_date, tz="Asia/Shanghai"
        )
        utc = format_datetime(self.env, delivery.scheduled_date, tz="UTC")
        self.assertIn("8:01:52", shanghai)
        self.assertIn(shanghai, note)
        self.assertNotIn(utc, note)
