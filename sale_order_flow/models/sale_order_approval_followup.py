# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.osv import expression

from .sale_approval_absence import APPROVAL_ACTIVITY_TYPE

_logger = logging.getLogger(__name__)

FOLLOW_UP_BATCH_SIZE = 500


class SaleOrderApproval(models.Model):
    """The follow-up of the steps that wait: reminders, then escalation.

    A tier with a response time has its steps reminded once they have waited that long
    (each approver has an approval activity due today, and the chatter says it), then,
    when the tier has an escalation group, escalated after as long again: the members of
    that group may decide the step too, and get an activity. The scheduled job "Sales:
    approval follow-up" (:meth:`_cron_approval_follow_up`) does it in batches.
    """

    # One file per concern of the step model, like the order's.
    _inherit = "sale.order.approval"  # pylint: disable=consider-merging-classes-inherited

    # === JOB ===

    @api.model
    def _cron_approval_follow_up(self, batch_size=FOLLOW_UP_BATCH_SIZE):
        """Start the absences of the day, then remind and escalate the steps that waited.

        Steps are processed by batches of ``batch_size`` in id order, each batch in a
        savepoint and committed when the scheduler runs the job. The progress is the stamps
        of the steps themselves (``reminded_at``, ``escalated_at``): a run stopped halfway
        resumes where it stopped, and running the job again creates nothing new.

        :return: number of steps reminded or escalated
        """
        self.env["sale.approval.absence"]._cron_start_absences()
        # sudo: the job follows the steps of every company.
        steps = self.sudo()
        now = fields.Datetime.now()
        domain = steps._get_follow_up_domain(now)
        remaining = steps.search_count(domain)
        done = last_id = 0
        while True:
            batch = steps.search_fetch(
                expression.AND([domain, [("id", ">", last_id)]]),
                steps._get_follow_up_fnames(),
                order="id",
                limit=batch_size,
            )
            if not batch:
                break
            # A savepoint per batch: a failing batch leaves no half-done work behind.
            with self.env.cr.savepoint():
                batch._process_follow_up(now)
            last_id = batch[-1].id
            done += len(batch)
            remaining = max(remaining - len(batch), 0)
            self._commit_follow_up_progress(done, remaining)
        return done

    @api.model
    def _get_follow_up_domain(self, now):
        """Domain of the steps waiting now that are due for their reminder or their
        escalation at ``now`` and did not get it yet."""
        return [
            ("is_current", "=", True),
            ("state", "=", "pending"),
            "|",
            "&",
            ("reminded_at", "=", False),
            ("date_reminder", "<=", now),
            "&",
            ("escalated_at", "=", False),
            ("date_escalation", "<=", now),
        ]

    @api.model
    def _get_follow_up_fnames(self):
        """Fields the job reads for each step, fetched with the batch."""
        return [
            "order_id",
            "company_id",
            "tier_id",
            "name",
            "group_id",
            "create_uid",
            "date_submitted",
            "date_reminder",
            "date_escalation",
            "reminded_at",
            "escalated_at",
            "escalation_group_id",
        ]

    def _process_follow_up(self, now):
        """Remind and escalate one batch of steps due at ``now``: activities in one
        create, notes in one batch, then the stamps."""
        escalated = self.filtered(
            lambda s: not s.escalated_at
            and s.date_escalation
            and s.date_escalation <= now
        )
        reminded = self.filtered(
            lambda s: not s.reminded_at and s.date_reminder and s.date_reminder <= now
        )
        for step in escalated:
            step.escalation_group_id = step.tier_id.escalation_group_id
        # Escalated first: the escalation group's members become approvers of the step.
        escalated.escalated_at = now
        followed = escalated | reminded
        followed._ensure_approver_activities(now)
        bodies = {}
        for step in followed:
            bodies[step.order_id.id] = step._get_follow_up_note(
                now, escalated=step in escalated
            )
        followed.order_id._message_log_batch(bodies)
        followed.reminded_at = now

    def _ensure_approver_activities(self, now):
        """Give each approver of the steps an approval activity due today: the one they
        have is moved to today, the others are created in one go."""
        activity_type = self.env.ref(APPROVAL_ACTIVITY_TYPE)
        approvers = self._get_approvers_by_step()
        # sudo: the job handles other users' activities.
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search_fetch(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", self.order_id.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id", "user_id"],
        )
        held = {(a.res_id, a.user_id.id): a for a in existing}
        today = fields.Date.context_today(self, now)
        model_id = self.env["ir.model"]._get_id("sale.order")
        to_bump = Activity
        vals_list = []
        for step in self:
            for user in approvers[step.id]:
                activity = held.get((step.order_id.id, user.id))
                if activity:
                    to_bump |= activity
                    continue
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": step.order_id.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": _("Approve %(tier)s", tier=step.name),
                    }
                )
        if to_bump:
            to_bump.date_deadline = today
        if vals_list:
            # The activities name their order, each read alone: read them all at once.
            self.order_id.mapped("display_name")
            # mail_activity_quick_update: no "activity assigned" email for each of them;
            # the activities show in the users' activity menu.
            Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    def _get_follow_up_state(self, now):
        """ "on_time", "overdue" or "escalated" for this step waiting at ``now`` (False for
        no step)."""
        if not self:
            return False
        self.ensure_one()
        if self.escalated_at:
            return "escalated"
        if self.date_reminder and self.date_reminder <= now:
            return "overdue"
        return "on_time"

    def _get_follow_up_note(self, now, escalated):
        """The chatter note of this step's reminder or escalation at ``now``."""
        self.ensure_one()
        hours = int((now - self.date_submitted).total_seconds() // 3600)
        if escalated:
            text = _(
                "%(tier)s has waited %(hours)s hours for a decision: escalated to "
                "%(group)s, whose members may now decide it.",
                tier=self.name,
                hours=hours,
                group=self.escalation_group_id.display_name,
            )
        else:
            text = _(
                "Reminder: %(tier)s has waited %(hours)s hours for a decision (response "
                "time: %(response)s hours).",
                tier=self.name,
                hours=hours,
                response=self.tier_id.response_hours,
            )
        return Markup("<p>%s</p>") % text

    @api.model
    def _commit_follow_up_progress(self, done, remaining):
        """Report the progress to the scheduler and commit the batch, when the scheduler
        runs the job (never in tests, which roll back)."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.debug(
            "Approval follow-up: %s steps done, %s remaining", done, remaining
        )
        if (
            self.env.context.get("ir_cron_progress_id")
            and not self.env.registry.in_test_mode()
        ):
            # A scheduled job may commit: each batch is done and its stamps must survive a
            # crash of the next one.
            self.env.cr.commit()  # pylint: disable=invalid-commit
