# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging
import threading
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models, modules, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_compare, format_datetime

from .res_partner import BACKORDER_POLICIES

_logger = logging.getLogger(__name__)

DELAY_ALERT_BATCH_SIZE = 500
DELAY_ACTIVITY_TYPE = "stock_backorder_alerts.mail_activity_type_delivery_delay"


class DelayAlertsInterrupted(Exception):
    """Raised on purpose (context key ``delay_alerts_crash_at_batch``) to prove that a run of
    the alert job stopped halfway resumes without duplicates or losses."""


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # Shipping policy of the customer, applied at validation
    backorder_policy = fields.Selection(
        selection=BACKORDER_POLICIES,
        string="Customer Shipping Policy",
        compute="_compute_backorder_policy",
        store=True,
        readonly=False,
        help="Applied without asking when a delivery is validated partially. Taken from the "
        "sales order, or from the customer for deliveries without order. Empty: the "
        "warehouse is asked (standard Odoo).",
    )
    # Delay follow-up: delay_level is raised only upward, by the alert job (which records its
    # progress in it) and at validation; completed deliveries keep it for analysis.
    delay_level = fields.Integer(
        string="Delay Level",
        default=0,
        copy=False,
        readonly=True,
        help="Highest delay rule level reached by this transfer so far.",
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
    current_delay_level = fields.Integer(
        string="Current Delay Level",
        compute="_compute_current_delay",
        help="Delay level reached now according to the delay rules (the stored level for "
        "done transfers).",
    )
    current_delay_days = fields.Float(
        string="Current Days Late", digits=(16, 1), compute="_compute_current_delay"
    )

    @api.depends(
        "sale_id.backorder_policy", "partner_id.commercial_partner_id.backorder_policy"
    )
    def _compute_backorder_policy(self):
        for picking in self:
            if picking.state in ("done", "cancel"):
                # The policy a delivery was validated with is history: keep it.
                continue
            if picking.sale_id:
                picking.backorder_policy = picking.sale_id.backorder_policy
            else:
                picking.backorder_policy = (
                    picking.partner_id.commercial_partner_id.backorder_policy
                )

    @api.depends(
        "state", "scheduled_date", "date_deadline", "delay_level", "delay_days"
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

    # ------------------------------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------------------------------

    def button_validate(self):
        """Validate, applying the customer shipping policy instead of asking the clerk.

        ``partial_cancel`` deliveries are validated as if "No Backorder" had been chosen;
        ``partial_backorder`` ones as if "Create Backorder" had; ``complete_only`` ones are
        refused when partial (see ``_pre_action_done_hook``).
        """
        pickings = self
        cancel_rest = self.filtered(
            lambda p: p._get_backorder_policy_to_apply() == "partial_cancel"
        )
        if cancel_rest:
            not_to_backorder = list(
                self.env.context.get("picking_ids_not_to_backorder") or []
            )
            pickings = self.with_context(
                picking_ids_not_to_backorder=not_to_backorder + cancel_rest.ids
            )
        return super(StockPicking, pickings).button_validate()

    def _pre_action_done_hook(self):
        res = super()._pre_action_done_hook()
        if res is not True:
            return res
        self._check_complete_only_policy()
        res = self._check_delay_reason()
        if res is not True:
            return res
        self._log_cancelled_remainders()
        return True

    def _check_backorder(self):
        # A customer shipping policy answers the question the backorder wizard would ask.
        pickings = super()._check_backorder()
        return pickings.filtered(lambda p: not p._get_backorder_policy_to_apply())

    def _action_done(self):
        partial_deliveries = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.sale_id
            and p.company_id.backorder_notify_partial
            and p._is_partial_validation()
        )
        # Measured before Odoo moves the scheduled date of the done moves to today.
        delay_values = self._get_delay_values_on_done()
        res = super()._action_done()
        for picking in self.filtered(
            lambda p: p.state == "done" and p.id in delay_values
        ):
            picking.write(delay_values[picking.id])
        self._close_delay_activities()
        partial_deliveries._send_partial_shipment_email()
        return res

    def _get_backorder_policy_to_apply(self):
        """Return the customer shipping policy applied when validating this transfer, or False
        to keep Odoo's standard question. Only deliveries carry a customer policy."""
        self.ensure_one()
        if self.picking_type_code != "outgoing":
            return False
        return self.backorder_policy or False

    def _is_partial_validation(self):
        """Whether validating now would leave part of the demand behind (not picked)."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        # Like Odoo, when nothing is marked picked the reserved quantities are what ships.
        anything_picked = any(moves.mapped("picked"))
        for move in moves:
            shipped = move.quantity if (move.picked or not anything_picked) else 0.0
            rounding = move.product_uom.rounding
            if (
                float_compare(
                    shipped, move.product_uom_qty, precision_rounding=rounding
                )
                < 0
            ):
                return True
        return False

    def _check_complete_only_policy(self):
        """Refuse the partial validation of deliveries whose customer only accepts complete
        shipments."""
        incomplete = self.filtered(
            lambda p: p._get_backorder_policy_to_apply() == "complete_only"
            and p._is_partial_validation()
        )
        if incomplete:
            raise UserError(
                self.env._(
                    "%(pickings)s: the customer accepts complete deliveries only (shipping "
                    "policy 'Ship complete orders only') and some quantities are not picked.\n"
                    "Wait until the full quantity is available and picked, or change the "
                    "shipping policy of the sales order (or of the delivery) to allow partial "
                    "shipments.",
                    pickings=", ".join(incomplete.mapped("name")),
                )
            )

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

    def _log_cancelled_remainders(self):
        """Tell the next steps which quantities will not come, as Odoo's "No Backorder"
        choice does, for deliveries validated under the ``partial_cancel`` policy."""
        for picking in self:
            if picking._get_backorder_policy_to_apply() != "partial_cancel":
                continue
            moves_to_log = {}
            for move in picking.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            ):
                picked = move._get_picked_quantity()
                rounding = move.product_uom.rounding
                if (
                    float_compare(
                        move.product_uom_qty, picked, precision_rounding=rounding
                    )
                    > 0
                ):
                    moves_to_log[move] = (picked, move.product_uom_qty)
            if moves_to_log:
                picking._log_less_quantities_than_expected(moves_to_log)

    # ------------------------------------------------------------------------------------------
    # Customer emails
    # ------------------------------------------------------------------------------------------

    def _send_partial_shipment_email(self):
        """Email the customer what shipped and what is pending, in the sales order's chatter."""
        template = self.env.ref(
            "stock_backorder_alerts.mail_template_partial_shipment",
            raise_if_not_found=False,
        )
        if not template:
            return
        for picking in self:
            picking._post_customer_email(template)

    def _post_customer_email(self, template):
        """Render ``template`` (a stock.picking template) on this transfer and post it to the
        customer in the sales order's chatter (the transfer's without order). The email goes to
        the outgoing mail queue rather than being sent during the validation."""
        self.ensure_one()
        # sudo: the clerk who validates (or the alert job) may not read the sales order (sales
        # record rules); the email is the company's message about this transfer. The message
        # stays authored by the current user.
        picking = self.sudo()
        customer = picking.sale_id.partner_id or picking.partner_id
        if not customer:
            return
        template = template.sudo()
        subjects = template._render_field("subject", picking.ids, compute_lang=True)
        bodies = template._render_field("body_html", picking.ids, compute_lang=True)
        thread = picking.sale_id or picking
        thread.with_context(mail_notify_force_send=False).message_post(
            author_id=self.env.user.partner_id.id,
            body=bodies[picking.id],
            subject=subjects[picking.id],
            partner_ids=customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _get_pending_moves(self):
        """Moves still to be delivered for this transfer: those of its open backorders."""
        self.ensure_one()
        return self.backorder_ids.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )

    def _get_cancelled_moves(self):
        """Moves of this transfer cancelled (e.g. the remainder under ``partial_cancel``)."""
        self.ensure_one()
        return self.move_ids.filtered(lambda m: m.state == "cancel")

    # ------------------------------------------------------------------------------------------
    # Delay detection: ONE method decides, used by the form, the validation and the alert job
    # ------------------------------------------------------------------------------------------

    def _get_delay_reference_date(self, trigger):
        """Return the date a delay rule with ``trigger`` measures this transfer against."""
        self.ensure_one()
        if trigger == "deadline":
            # sudo: whoever sees the transfer may see how late it is, even without access to
            # the sales order (sales record rules).
            return self.date_deadline or self.sale_id.sudo().commitment_date
        return self.scheduled_date

    def _get_days_late(self, at, triggers=("scheduled",)):
        """Days late at ``at`` against the reference dates of ``triggers`` (the latest delay
        measured); 0 when on time."""
        self.ensure_one()
        delays = [
            (at - reference).total_seconds() / 86400.0
            for reference in (self._get_delay_reference_date(t) for t in triggers)
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
        rules_by_key = defaultdict(list)
        for rule in rules:
            rules_by_key[(rule.company_id.id, rule.picking_type_code)].append(rule)
        result = {}
        for picking in self:
            reached = []
            for rule in rules_by_key.get(
                (picking.company_id.id, picking.picking_type_code), ()
            ):
                reference = picking._get_delay_reference_date(rule.trigger)
                if reference and now > rule._get_threshold(reference):
                    reached.append(rule)
            result[picking.id] = reached
        return result

    def _get_delay_values_on_done(self):
        """Return ``{picking id: values}`` keeping the delay level and the days late of the
        late transfers of ``self`` being validated now, for analysis."""
        now = fields.Datetime.now()
        # sudo: see _get_delay_levels
        rules = self.env["stock.delay.rule"].sudo().search([])
        reached = self._get_delay_levels(rules, now)
        result = {}
        for picking in self:
            level = max([picking.delay_level] + [r.level for r in reached[picking.id]])
            if level:
                result[picking.id] = {
                    "delay_level": level,
                    "delay_days": picking._get_days_late(
                        now, {r.trigger for r in reached[picking.id]} or ("scheduled",)
                    ),
                }
        return result

    def _close_delay_activities(self):
        """Mark the delay activities of validated transfers as done."""
        done = self.filtered(lambda p: p.state == "done")
        activity_type = self.env.ref(DELAY_ACTIVITY_TYPE, raise_if_not_found=False)
        if not done or not activity_type:
            return
        # sudo: the activities belong to other users (salespeople, managers); closing them is
        # the consequence of the validation the current user is allowed to do.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "stock.picking"),
                    ("res_id", "in", done.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(
                feedback=self.env._("The transfer has been validated.")
            )

    # ------------------------------------------------------------------------------------------
    # Alert job
    # ------------------------------------------------------------------------------------------

    @api.model
    def _cron_delay_alerts(self, batch_size=DELAY_ALERT_BATCH_SIZE):
        """Raise the delay level of open late transfers and alert, level by level.

        For each newly reached level, one activity per recipient of the rule (created in one
        batch) and, if the rule says so, one customer email. Transfers are processed by batches
        of ``batch_size`` in id order; each batch is committed (outside tests), and the progress
        is the stored ``delay_level`` itself, so a run stopped halfway resumes where it stopped
        without duplicates. Running the job again creates nothing new.

        :return: number of transfers examined
        """
        # sudo: the job works for every company and every responsible.
        pickings = self.sudo()
        rules = self.env["stock.delay.rule"].sudo().search([])
        if not rules:
            return 0
        now = fields.Datetime.now()
        domain = pickings._get_delay_alert_domain(rules, now)
        remaining = pickings.search_count(domain)
        done = last_id = batch_index = 0
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
            batch_index += 1
            # A savepoint per batch: a failing batch leaves no half-done work behind, which is
            # what the commit gives in production and what the tests rely on.
            with self.env.cr.savepoint():
                batch._process_delay_alerts(rules, now, batch_index)
            last_id = batch[-1].id
            done += len(batch)
            remaining = max(remaining - len(batch), 0)
            self._commit_delay_alerts_progress(done, remaining)
        return done

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
            "sale_id",
            "user_id",
            "partner_id",
        ]

    @api.model
    def _get_delay_alert_domain(self, rules, now):
        """Domain of the open transfers that may reach a new level at ``now``: a superset of
        what ``_get_delay_levels`` will find, narrow enough to be fast (it uses the smallest
        grace of each company, type of operation and trigger)."""
        by_key = defaultdict(list)
        for rule in rules:
            by_key[(rule.company_id.id, rule.picking_type_code)].append(rule)
        group_domains = []
        for (company_id, code), group in by_key.items():
            date_domains = []
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
                            ("delay_level", "<", max(r.level for r in group)),
                        ],
                        expression.OR(date_domains),
                    ]
                )
            )
        return expression.AND(
            [[("state", "not in", ("done", "cancel"))], expression.OR(group_domains)]
        )

    def _process_delay_alerts(self, rules, now, batch_index=0):
        """Alert on one batch of transfers: activities in one create, then the levels."""
        reached = self._get_delay_levels(rules, now)
        activity_type = self.env.ref(DELAY_ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id("stock.picking")
        activity_vals = []
        customer_emails = []
        pickings_by_level = defaultdict(list)
        for picking in self:
            new_rules = [
                r for r in reached[picking.id] if r.level > picking.delay_level
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
            pickings_by_level[max(r.level for r in new_rules)].append(picking.id)
        if activity_vals:
            # mail_activity_quick_update: no "activity assigned" email for each of them; the
            # activities show in the users' activity menu.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activity_vals)
        self._delay_alerts_check_interruption(batch_index)
        for level, picking_ids in pickings_by_level.items():
            self.browse(picking_ids).write({"delay_level": level})
        for picking, rule in customer_emails:
            picking._post_customer_email(rule.mail_template_id)

    def _prepare_delay_activity_vals(self, rules, user, activity_type, model_id, now):
        """Values of the delay activity of ``user`` for this transfer reaching ``rules``
        (rules of one level)."""
        self.ensure_one()
        level = rules[0].level
        reference = self._get_delay_reference_date(rules[0].trigger)
        note = "".join(
            str(rule.note) for rule in rules if not tools.is_html_empty(rule.note)
        )
        return {
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(self, now),
            "summary": self.env._(
                "Late (level %(level)s): %(picking)s", level=level, picking=self.name
            ),
            "note": note
            or self.env._(
                "<p>%(picking)s was due on %(date)s and is not done yet.</p>",
                picking=self.name,
                date=format_datetime(self.env, reference) if reference else "",
            ),
        }

    def _delay_alerts_check_interruption(self, batch_index):
        """Test hook: stop the job in the middle of batch ``delay_alerts_crash_at_batch``."""
        if (
            batch_index
            and self.env.context.get("delay_alerts_crash_at_batch") == batch_index
        ):
            raise DelayAlertsInterrupted(
                f"Delay alert job interrupted at batch {batch_index}"
            )

    @api.model
    def _commit_delay_alerts_progress(self, done, remaining):
        """Report the progress to the scheduler and commit the batch, except in tests and
        benchmarks (context ``delay_alerts_no_commit``) where the transaction is rolled back."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.debug(
            "Delay alerts: %s transfers examined, %s remaining", done, remaining
        )
        if (
            self.env.context.get("delay_alerts_no_commit")
            or tools.config["test_enable"]
            or modules.module.current_test
            or self.env.registry.in_test_mode()
            or getattr(threading.current_thread(), "testing", False)
        ):
            return
        # A cron may commit: each batch is done and its progress (delay_level) must survive
        # a crash of the next one.
        self.env.cr.commit()  # pylint: disable=invalid-commit
