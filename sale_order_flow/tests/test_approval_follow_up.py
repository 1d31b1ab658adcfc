# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_approval_substitutes import ApprovalSubstituteCase


class FollowUpInterrupted(Exception):
    """The job crashing in the middle of a batch."""


@tagged("post_install", "-at_install")
class TestApprovalFollowUp(ApprovalSubstituteCase):
    """The director's tier answers within 24 hours; after 48, sales administrators (who
    are not directors) may decide its steps too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_director.write(
            {"response_hours": 24.0, "escalation_group_id": cls.group_manager.id}
        )
        cls.Approval = cls.env["sale.order.approval"]
        cls.start = fields.Datetime.now().replace(microsecond=0)

    def _waiting_since_start(self, count=1):
        orders = self.env["sale.order"]
        with freeze_time(self.start):
            for _index in range(count):
                orders |= self._waiting_for_director()
        return orders

    def _run_job_at(self, hours, **kwargs):
        with freeze_time(self.start + timedelta(hours=hours)):
            return self.Approval._cron_approval_follow_up(**kwargs)

    def _notes(self, order, text):
        return order.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_reminder_after_the_response_time_then_escalation(self):
        order = self._waiting_since_start()
        step = order.current_approval_id
        self.assertEqual(step.date_reminder, self.start + timedelta(hours=24))
        self.assertEqual(step.date_escalation, self.start + timedelta(hours=48))

        self.assertEqual(self._run_job_at(23), 0)
        self.assertFalse(step.reminded_at)

        self.assertEqual(self._run_job_at(25), 1)
        self.assertEqual(step.reminded_at, self.start + timedelta(hours=25))
        self.assertFalse(step.escalated_at)
        self.assertEqual(len(self._notes(order, "Reminder")), 1)
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.director)
        self.assertEqual(
            activity.date_deadline, (self.start + timedelta(hours=25)).date()
        )
        with self.assertRaises(AccessError):
            self._approve(order, self.sales_admin)

        self.assertEqual(self._run_job_at(49), 1)
        self.assertEqual(step.escalated_at, self.start + timedelta(hours=49))
        self.assertEqual(step.escalation_group_id, self.group_manager)
        self.assertEqual(len(self._notes(order, "escalated to")), 1)
        self.assertIn(self.sales_admin, self._approval_activity_users(order))
        with freeze_time(self.start + timedelta(hours=50)):
            queue = self.env["sale.order"].with_user(self.sales_admin)
            self.assertEqual(
                queue.search([("approval_follow_up_state", "=", "escalated")]), order
            )
            self.assertEqual(
                queue.search([("is_waiting_my_approval", "=", True)]), order
            )
            self._approve(order, self.sales_admin)
        self.assertEqual(order.state, "sale")
        self.assertEqual(step.decided_as, "escalation")
        self.assertEqual(step.escalation_share, 100.0)
        self.assertIn("Max Manager (escalation)", order.message_ids[0].body)

    def test_running_the_job_twice_creates_nothing_new(self):
        order = self._waiting_since_start()
        self._run_job_at(49)
        messages, activities = len(order.message_ids), len(order.activity_ids)
        self.assertEqual(self._run_job_at(50), 0)
        self.assertEqual(self._run_job_at(100), 0)
        self.assertEqual(
            (len(order.message_ids), len(order.activity_ids)), (messages, activities)
        )

    def test_late_job_escalates_and_reminds_once(self):
        """A job that did not run for days escalates at once: one note, no reminder
        afterwards."""
        order = self._waiting_since_start()
        self._run_job_at(72)
        step = order.current_approval_id
        self.assertTrue(step.reminded_at and step.escalated_at)
        self.assertEqual(len(self._notes(order, "escalated to")), 1)
        self.assertFalse(self._notes(order, "Reminder"))

    def test_interrupted_job_resumes_without_duplicates(self):
        orders = self._waiting_since_start(count=5)
        Approval = type(self.Approval)
        process = Approval._process_follow_up
        batches = []

        def crash_in_second_batch(steps, now):
            batches.append(steps.ids)
            process(steps, now)
            if len(batches) == 2:
                raise FollowUpInterrupted

        # Not assertRaises, whose savepoint would also undo the first batch.
        interrupted = False
        with patch.object(Approval, "_process_follow_up", crash_in_second_batch):
            try:
                self._run_job_at(25, batch_size=2)
            except FollowUpInterrupted:
                interrupted = True
        self.assertTrue(interrupted, "the job was interrupted")
        self.env.invalidate_all()
        steps = orders.current_approval_id.sorted("id")
        reminded = steps.filtered("reminded_at")
        # The first batch is kept, the second one (interrupted) left nothing behind.
        self.assertEqual(reminded.ids, batches[0])
        self.assertEqual(self._run_job_at(26, batch_size=2), 3)
        self.assertTrue(all(steps.mapped("reminded_at")))
        for order in orders:
            self.assertEqual(len(self._notes(order, "Reminder")), 1, order.name)

    def test_no_response_time_no_follow_up(self):
        self.tier_director.response_hours = 0.0
        order = self._waiting_since_start()
        self.assertFalse(order.current_approval_id.date_reminder)
        self.assertEqual(self._run_job_at(1000), 0)

    def test_without_escalation_group_only_a_reminder(self):
        self.tier_director.escalation_group_id = False
        order = self._waiting_since_start()
        self._run_job_at(100)
        step = order.current_approval_id
        self.assertTrue(step.reminded_at)
        self.assertFalse(step.escalated_at)
        self.assertEqual(self._run_job_at(200), 0)

    def test_reminder_reaches_the_substitute_of_an_absent_approver(self):
        order = self._waiting_since_start()
        with freeze_time(self.start):
            self._absence()
        self._run_job_at(25)
        self.assertEqual(self._approval_activity_users(order), self.substitute)

    def test_queue_shows_waiting_time_and_follow_up(self):
        order = self._waiting_since_start()
        queue = self.env["sale.order"].with_user(self.director)
        with freeze_time(self.start + timedelta(hours=30)):
            self.env.invalidate_all()
            self.assertAlmostEqual(order.approval_waiting_hours, 30.0, places=3)
            self.assertEqual(order.approval_follow_up_state, "overdue")
            self.assertEqual(
                queue.search(
                    [("approval_follow_up_state", "in", ("overdue", "escalated"))]
                ),
                order,
            )
            self.assertFalse(
                queue.search([("approval_follow_up_state", "=", "on_time")])
            )
        with freeze_time(self.start + timedelta(hours=1)):
            self.env.invalidate_all()
            self.assertEqual(order.approval_follow_up_state, "on_time")

    def test_response_time_is_bounded(self):
        with self.assertRefused(ValidationError, "Response Time"):
            self.tier_director.response_hours = -1.0
