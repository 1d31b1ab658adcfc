# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Transfers: the delay follow-up. One method decides how late a transfer is
(``_get_delay_levels``); the alert job raises the levels and tells the people of the delay
rules; late deliveries get a reason at validation and may get a new promised date."""

import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, format_date, format_datetime

_logger = logging.getLogger(__name__)

DELAY_ALERT_BATCH_SIZE = 500
DELAY_ACTIVITY_TYPE = "stock_backorder_alerts.mail_activity_type_delivery_delay"
DELAY_NOTICE_TEMPLATE = "stock_backorder_alerts.mail_template_delivery_delay"
# Key of the transaction advisory lock held by the alert job (any 64-bit number of our own).
DELAY_ALERT_LOCK_KEY = 7_402_915_337_161


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    # delay_level is raised only upward (the alert job, the validation) and kept on completed
    # deliveries for analysis; delay_alert_level is the progress of the alert job since the
    # last promise. Both, delay_days and the promise are written by this addon's code only
    # (see _get_job_only_fields).
    delay_level = fields.Integer(
        string="Delay Level",
        default=0,
        copy=False,
        readonly=True,
        help="Highest delay rule level reached by this transfer so far.",
    )
    delay_alert_level = fields.Integer(
        string="Alerted Level",
        default=0,
        copy=False,
        readonly=True,
        help="Highest delay rule level alerted since the last promised date (the alert job's "
        "progress).",
    )
    delay_days = fields.Float(
        string="Days Late",
        digits=(16, 1),
        copy=False,
        readonly=True,
        help="Days between the date the reached delay rules measure against (scheduled "
        "date, or deadline / order delivery date) and the validation, for late transfers.",
    )
    delay_reason_id = fields.Many2one(
        "stock.delay.reason",
        string="Delay Reason",
        copy=False,
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    delay_note = fields.Text(string="Delay Note", copy=False)
    delay_promise_date = fields.Datetime(
        string="New Promised Date",
        copy=False,
        readonly=True,
        tracking=True,
        help="New date promised to the customer for this late delivery. The delay rules "
        "measure against it from then on: kept, nothing more is alerted; missed, the "
        "alerts start again.",
    )
    current_delay_level = fields.Integer(
        string="Current Delay Level",
        compute="_compute_current_delay",
        help="Delay level reached now according to the delay rules (the stored level for "
        "done transfers).",
    )
    current_delay_days = fields.Float(
        string="Current Days Late", digits=(16, 1), compute="_compute_current_delay"
    )

    # === COMPUTE === #

    @api.depends(
        "state",
        "scheduled_date",
        "date_deadline",
        "delay_level",
        "delay_days",
        "delay_promise_date",
    )
    def _compute_current_delay(self):
        now = fields.Datetime.now()
        open_pickings = self.filtered(lambda p: p.state not in ("done", "cancel"))
        reached = open_pickings._get_delay_levels(now=now)
        for picking in self:
            if picking in open_pickings:
                picking.current_delay_level = max(
                    picking.delay_level,
                    max((r.level for r in reached[picking.id]), default=0),
                )
                picking.current_delay_days = picking._get_days_late(
                    now, {r.trigger for r in reached[picking.id]} or ("scheduled",)
                )
            else:
                picking.current_delay_level = picking.delay_level
                picking.current_delay_days = picking.delay_days

    # === CRUD === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_job_only_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_job_only_fields(vals)
        return super().write(vals)

    @api.model
    def _get_job_only_fields(self):
        """Fields written by this addon's code only (in superuser mode): the alert job's
        progress, what the validation measures, and the promise recorded through
        ``_record_delay_promise``. A user writing them (e.g. level 99 to silence the alerts)
        is refused."""
        return ["delay_level", "delay_alert_level", "delay_days", "delay_promise_date"]

    @api.model
    def _check_job_only_fields(self, vals):
        written = set(self._get_job_only_fields()) & vals.keys()
        if written and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s of a transfer are set by the delay alert job and the "
                    "validation only. To promise a new date, use 'New Promised Date' on the "
                    "late delivery.",
                    fields=", ".join(
                        self._fields[f]._description_string(self.env)
                        for f in sorted(written)
                    ),
                )
            )

    # === ACTIONS === #

    def action_open_delay_promise_wizard(self):
        """Open the dialog recording a new promised date and its reason."""
        return {
            "name": self.env._("New promised date"),
            "type": "ir.actions.act_window",
            "res_model": "stock.delay.promise.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_picking_ids": self.ids},
        }

    # === BUSINESS: validation === #

    def _pre_action_done_hook(self):
        res = super()._pre_action_done_hook()
        if res is not True:
            return res
        return self._check_delay_reason()

    def _action_done(self):
        # Measured before Odoo moves the scheduled date of the done moves to today.
        delay_values = self._get_delay_values_on_done()
        res = super()._action_done()
        for picking in self.filtered(
            lambda p: p.state == "done" and p.id in delay_values
        ):
            # sudo: the measure of the validation (job-only fields)
            picking.sudo().write(delay_values[picking.id])
        self.filtered(lambda p: p.state == "done")._close_delay_activities(
            self.env._("The transfer has been validated.")
        )
        return res

    def _get_late_pickings_missing_reason(self):
        """Return the late deliveries of ``self`` that need a delay reason to be validated."""
        candidates = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and not p.delay_reason_id
            and p.company_id.delay_reason_required
        )
        if not candidates:
            return candidates
        reached = candidates._get_delay_levels()
        return candidates.filtered(lambda p: p.delay_level or reached[p.id])

    def _check_delay_reason(self):
        """Ask for (in the web client) or require (through RPC) a delay reason on late
        deliveries. Returns True when nothing is missing, else the wizard action."""
        missing = self._get_late_pickings_missing_reason()
        if not missing:
            return True
        if self.env.context.get("delay_reason_ask"):
            return missing._action_open_delay_reason_wizard()
        raise UserError(
            self.env._(
                "%(pickings)s: the delivery is late, a delay reason is required to validate "
                "it.\nSet the Delay Reason (and a note if useful) on the delivery, then "
                "validate again.",
                pickings=", ".join(missing.mapped("name")),
            )
        )

    def _action_open_delay_reason_wizard(self):
        return {
            "name": self.env._("Why is this delivery late?"),
            "type": "ir.actions.act_window",
            "res_model": "stock.delay.reason.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            # keep the validation context (backorder choices, pickings being validated)
            "context": dict(
                self.env.context,
                default_picking_ids=self.ids,
                button_validate_picking_ids=self.env.context.get(
                    "button_validate_picking_ids"
                )
                or self.ids,
            ),
        }

    def _get_delay_values_on_done(self):
        """Return ``{picking id: values}`` keeping the delay level and the days late of the
        late transfers of ``self`` being validated now, for analysis. The days late count
        from the original date, even when a new date was promised."""
        now = fields.Datetime.now()
        # sudo: see _get_delay_levels
        rules = self.env["stock.delay.rule"].sudo().search([])
        reached = self._get_delay_levels(rules, now)
        rules_by_scope = rules._group_by_scope()
        result = {}
        for picking in self:
            level = max([picking.delay_level] + [r.level for r in reached[picking.id]])
            if level:
                # the rules reached, counted from the original date
                scope = (picking.company_id.id, picking.picking_type_code)
                triggers = {
                    r.trigger for r in rules_by_scope.get(scope, ()) if r.level <= level
                } or {"scheduled"}
                result[picking.id] = {
                    "delay_level": level,
                    "delay_days": picking._get_days_late(now, triggers, original=True),
                }
        return result

    def _close_delay_activities(self, feedback):
        """Mark the delay activities of ``self`` as done with ``feedback``."""
        activity_type = self.env.ref(DELAY_ACTIVITY_TYPE, raise_if_not_found=False)
        if not self or not activity_type:
            return
        # sudo: the activities belong to other users (salespeople, managers); closing them is
        # the consequence of what the current user is allowed to do (validate, promise).
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "stock.picking"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=feedback)

    # === BUSINESS: a new promise === #

    def _check_delay_promise_allowed(self, promise_date):
        """Raise unless the current user may promise ``promise_date`` for every transfer of
        ``self``: open late deliveries, a date to come, a warehouse user or the salesperson
        of the order."""
        now = fields.Datetime.now()
        if not promise_date or promise_date <= now:
            raise UserError(self.env._("The new promised date must be in the future."))
        is_warehouse = self.env.user.has_group("stock.group_stock_user")
        for picking in self:
            # sudo: the salesperson of the order may promise even without reading the order
            # (the sales record rules); nothing of the order is shown.
            salesperson = picking.sudo().sale_id.user_id
            if not is_warehouse and salesperson != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(picking)s: only the warehouse or the salesperson of the order "
                        "can promise a new date.",
                        picking=picking.name,
                    )
                )
            if picking.picking_type_code != "outgoing" or picking.state in (
                "done",
                "cancel",
            ):
                raise UserError(
                    self.env._(
                        "%(picking)s: a new date can be promised for open deliveries only.",
                        picking=picking.name,
                    )
                )
            if not picking.current_delay_level:
                raise UserError(
                    self.env._(
                        "%(picking)s is not late: change its scheduled date instead.",
                        picking=picking.name,
                    )
                )

    def _record_delay_promise(self, promise_date, reason, note=False, notify=True):
        """Promise ``promise_date`` to the customers of these late deliveries, for
        ``reason`` (a ``stock.delay.reason``): from now on the delay rules measure against it,
        so a kept promise raises no further alert and a broken one escalates again from
        level 1. The open delay activities are closed and, with ``notify``, the customer is
        emailed the new date at once."""
        self._check_delay_promise_allowed(promise_date)
        values = {
            "delay_promise_date": promise_date,
            "delay_alert_level": 0,
            "delay_reason_id": reason.id,
        }
        if note:
            values["delay_note"] = note
        # sudo: job-only fields, checked above (_check_delay_promise_allowed)
        self.sudo().write(values)
        self._close_delay_activities(
            self.env._(
                "A new date was promised: %(date)s.",
                date=format_date(self.env, promise_date),
            )
        )
        if notify:
            template = self.env.ref(DELAY_NOTICE_TEMPLATE, raise_if_not_found=False)
            if template:
                for picking in self:
                    picking._post_customer_email(
                        template.with_context(
                            delay_rule_id=picking._get_customer_delay_rule().id
                        )
                    )

    def _get_customer_delay_rule(self):
        """The highest rule reached by this transfer that emails the customer (its remedy
        goes into an email sent outside the alert job), or an empty recordset."""
        self.ensure_one()
        # sudo: see _get_delay_levels
        rules = (
            self.env["stock.delay.rule"]
            .sudo()
            .search([("notify_customer", "=", True), ("level", "<=", self.delay_level)])
        )
        return rules.filtered(
            lambda r: r.company_id == self.company_id
            and r.picking_type_code == self.picking_type_code
        ).sorted("level")[-1:]

    def _get_delay_notice_rule(self):
        """The delay rule a customer delay email is rendered for (context ``delay_rule_id``),
        in the language of the rendering."""
        return (
            self.env["stock.delay.rule"]
            .sudo()
            .browse(self.env.context.get("delay_rule_id"))
            .exists()
        )

    # === BUSINESS: delay detection (ONE method decides: form, validation, alert job) === #

    def _get_delay_reference_date(self, trigger, original=False):
        """Return the date a delay rule with ``trigger`` measures this transfer against: the
        new promised date once there is one (unless ``original``), else the scheduled date,
        or the deadline / the order's delivery date."""
        self.ensure_one()
        if self.delay_promise_date and not original:
            return self.delay_promise_date
        if trigger == "deadline":
            # sudo: whoever sees the transfer may see how late it is, even without access to
            # the sales order (sales record rules).
            return self.date_deadline or self.sale_id.sudo().commitment_date
        return self.scheduled_date

    def _get_days_late(self, at, triggers=("scheduled",), original=False):
        """Days late at ``at`` against the reference dates of ``triggers`` (the latest delay
        measured); 0 when on time."""
        self.ensure_one()
        delays = [
            (at - reference).total_seconds() / 86400.0
            for reference in (
                self._get_delay_reference_date(t, original=original) for t in triggers
            )
            if reference and at and at > reference
        ]
        return round(max(delays, default=0.0), 1)

    def _get_delay_levels(self, rules=None, now=None):
        """Return ``{picking id: [rules reached]}`` for the transfers of ``self`` at ``now``.

        This is the single place deciding whether and how late a transfer is: the alert job,
        the form and the validation all call it. A rule applies to transfers of its company and
        type of operation; it is reached once ``now`` is past its threshold.

        :param rules: the active ``stock.delay.rule`` records to consider (default: all)
        :param now: the moment to evaluate (default: now)
        """
        now = now or fields.Datetime.now()
        if rules is None:
            # sudo: delay rules are configuration read on behalf of any user (the alert job,
            # a clerk validating, a salesperson viewing an order); they carry no secret.
            rules = self.env["stock.delay.rule"].sudo().search([])
        rules_by_scope = rules._group_by_scope()
        result = {}
        for picking in self:
            reached = []
            for rule in rules_by_scope.get(
                (picking.company_id.id, picking.picking_type_code), ()
            ):
                reference = picking._get_delay_reference_date(rule.trigger)
                if reference and now > rule._get_threshold(reference):
                    reached.append(rule)
            result[picking.id] = reached
        return result

    # === BUSINESS: the alert job === #

    @api.model
    def _cron_delay_alerts(self, batch_size=DELAY_ALERT_BATCH_SIZE):
        """Raise the delay level of open late transfers and alert, level by level.

        For each newly reached level, one activity per recipient of the rule (created in one
        batch) and, if the rule says so, one customer email. Transfers are processed by batches
        of ``batch_size`` in id order, each in a savepoint. Run by the scheduler, each batch is
        committed and the progress is the stored ``delay_alert_level`` itself, so a run stopped
        halfway resumes where it stopped without duplicates. Running the job again creates
        nothing new; a run started while another one works returns at once.

        :return: number of transfers examined
        """
        # sudo: the job works for every company and every responsible.
        pickings = self.sudo()
        if not pickings._lock_delay_alerts():
            _logger.info("Delay alerts: another run is in progress; nothing done")
            return 0
        rules = self.env["stock.delay.rule"].sudo().search([])
        if not rules:
            return 0
        now = fields.Datetime.now()
        domain = pickings._get_delay_alert_domain(rules, now)
        remaining = pickings.search_count(domain)
        done = last_id = 0
        fnames = self._get_delay_alert_fnames()
        while True:
            batch = pickings.search_fetch(
                expression.AND([domain, [("id", ">", last_id)]]),
                fnames,
                order="id",
                limit=batch_size,
            )
            if not batch:
                break
            try:
                # A savepoint per batch: a failing batch leaves no half-done work behind.
                with self.env.cr.savepoint():
                    batch._process_delay_alerts(rules, now)
            except psycopg2.errors.SerializationFailure:
                # Another run alerted these transfers after this transaction began (it
                # held the lock then): its work stands, this run has nothing left to do.
                _logger.info("Delay alerts: already done by a concurrent run; stopping")
                break
            last_id = batch[-1].id
            done += len(batch)
            remaining = max(remaining - len(batch), 0)
            if not self._commit_delay_alerts_progress(done, remaining):
                break
        return done

    @api.model
    def _lock_delay_alerts(self):
        """Take the alert job's transaction advisory lock without waiting; return whether it
        was taken. Two runs at once (the scheduler and the scheduled action's "Run", or
        several "Run") would alert the same transfers twice."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s)", DELAY_ALERT_LOCK_KEY)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _get_delay_alert_fnames(self):
        """Fields the alert job reads for each transfer, fetched with the batch."""
        return [
            "name",
            "company_id",
            "picking_type_id",
            "scheduled_date",
            "date_deadline",
            "delay_level",
            "delay_alert_level",
            "delay_promise_date",
            "sale_id",
            "user_id",
            "partner_id",
        ]

    @api.model
    def _get_delay_alert_domain(self, rules, now):
        """Domain of the open transfers that may reach a new level at ``now``: a superset of
        what ``_get_delay_levels`` will find, narrow enough to be fast (it uses the smallest
        grace of each company, type of operation and trigger)."""
        group_domains = []
        for (company_id, code), group in rules._group_by_scope().items():
            limit = now - timedelta(hours=min(r.grace_hours for r in group))
            date_domains = [[("delay_promise_date", "<", limit)]]
            for trigger in ("scheduled", "deadline"):
                trigger_rules = [r for r in group if r.trigger == trigger]
                if not trigger_rules:
                    continue
                limit = now - timedelta(hours=min(r.grace_hours for r in trigger_rules))
                if trigger == "scheduled":
                    date_domains.append([("scheduled_date", "<", limit)])
                else:
                    date_domains.append(
                        [
                            "|",
                            ("date_deadline", "<", limit),
                            "&",
                            ("date_deadline", "=", False),
                            ("sale_id.commitment_date", "<", limit),
                        ]
                    )
            group_domains.append(
                expression.AND(
                    [
                        [
                            ("company_id", "=", company_id),
                            ("picking_type_code", "=", code),
                            ("delay_alert_level", "<", max(r.level for r in group)),
                        ],
                        expression.OR(date_domains),
                    ]
                )
            )
        return expression.AND(
            [[("state", "not in", ("done", "cancel"))], expression.OR(group_domains)]
        )

    def _process_delay_alerts(self, rules, now):
        """Alert on one batch of transfers: the levels first (a concurrent run that alerted
        them since this transaction began makes this fail before anything is created), then
        the activities in one create, then the customer emails."""
        reached = self._get_delay_levels(rules, now)
        activity_type = self.env.ref(DELAY_ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id("stock.picking")
        activity_vals = []
        customer_emails = []
        new_levels = defaultdict(list)
        for picking in self:
            new_rules = [
                r for r in reached[picking.id] if r.level > picking.delay_alert_level
            ]
            if not new_rules:
                continue
            # One activity per recipient: someone reached by several new levels at once
            # gets a single one, for the highest level.
            rules_by_user = {}
            for level in sorted({r.level for r in new_rules}):
                level_rules = [r for r in new_rules if r.level == level]
                for rule in level_rules:
                    for user in rule._get_users_to_notify(picking):
                        rules_by_user[user] = level_rules
                customer_emails += [
                    (picking, rule)
                    for rule in level_rules
                    if rule.notify_customer and rule.mail_template_id
                ]
            activity_vals += [
                picking._prepare_delay_activity_vals(
                    level_rules, user, activity_type, model_id, now
                )
                for user, level_rules in rules_by_user.items()
            ]
            level = max(r.level for r in new_rules)
            new_levels[(level, level > picking.delay_level)].append(picking.id)
        for (level, highest), picking_ids in new_levels.items():
            values = {"delay_alert_level": level}
            if highest:
                values["delay_level"] = level
            self.browse(picking_ids).write(values)
        # The UPDATE fails here when a concurrent run alerted these transfers after this
        # transaction began; the job stops on it (not an error: mute Odoo's query log).
        with tools.mute_logger("odoo.sql_db"):
            self.flush_recordset(["delay_alert_level", "delay_level"])
        if activity_vals:
            # mail_activity_quick_update: no "activity assigned" email for each of them; the
            # activities show in the users' activity menu.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activity_vals)
        for picking, rule in customer_emails:
            picking._post_customer_email(
                rule.mail_template_id.with_context(delay_rule_id=rule.id)
            )

    def _prepare_delay_activity_vals(self, rules, user, activity_type, model_id, now):
        """Values of the delay activity of ``user`` for this transfer reaching ``rules``
        (rules of one level). Dates are written in the recipient's timezone."""
        self.ensure_one()
        level = rules[0].level
        reference = self._get_delay_reference_date(rules[0].trigger)
        note = "".join(
            str(rule.note) for rule in rules if not tools.is_html_empty(rule.note)
        )
        if not note:
            date = (
                format_datetime(self.env, reference, tz=user.tz or "UTC")
                if reference
                else ""
            )
            if self.delay_promise_date:
                note = self.env._(
                    "<p>%(picking)s was promised for %(date)s and is not done yet.</p>",
                    picking=self.name,
                    date=date,
                )
            else:
                note = self.env._(
                    "<p>%(picking)s was due on %(date)s and is not done yet.</p>",
                    picking=self.name,
                    date=date,
                )
        return {
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(
                self.with_context(tz=user.tz or "UTC"), now
            ),
            "summary": self.env._(
                "Late (level %(level)s): %(picking)s", level=level, picking=self.name
            ),
            "note": note,
        }

    @api.model
    def _commit_delay_alerts_progress(self, done, remaining):
        """Report the progress to the scheduler. Run by the scheduler (or its "Run" button:
        context ``ir_cron_progress_id``), which owns the transaction, each batch is committed
        so that its progress survives a crash of the next one; the advisory lock, released by
        the commit, is then taken again. Called directly (a server action, a script, a test),
        the caller's transaction is left alone.

        :return: whether the run may go on (False: another run took the lock meanwhile)
        """
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.debug(
            "Delay alerts: %s transfers examined, %s remaining", done, remaining
        )
        if not self.env.context.get("ir_cron_progress_id"):
            return True
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return self._lock_delay_alerts()
