# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import api, fields, models


class SaleOrderApproval(models.Model):
    """One approval step of an order: a tier, who decided, when and why.

    Users only read these records: they are written by the order's approval methods (with
    sudo), so the trail cannot be edited by hand.
    """

    _name = "sale.order.approval"
    _description = "Sales Order Approval"
    _order = "order_id, round desc, sequence, id"
    _rec_name = "name"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    tier_id = fields.Many2one(
        comodel_name="sale.approval.tier", string="Approval Tier", ondelete="set null"
    )
    name = fields.Char(string="Tier", required=True)
    # The tier's sequence orders the steps; the level is the step's position in its
    # submission (1, 2, ...), which is what approvers read.
    sequence = fields.Integer(string="Sequence")
    level = fields.Integer(
        help="Position of the step in its submission: 1 is decided first.",
    )
    round = fields.Integer(
        help="Submission number of the order: each new submission starts a new round.",
    )
    # Copied from the tier when the step is created, so later changes of the tier do not
    # rewrite history. Indexed because the approvers' queue searches on it.
    group_id = fields.Many2one(
        comodel_name="res.groups", string="Approvers", required=True, index=True
    )
    state = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Withdrawn"),
        ],
        default="pending",
        required=True,
        index=True,
    )
    # The one step of an order that waits for a decision now; kept by the order's methods.
    is_current = fields.Boolean(string="Waiting Now", index=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Decided By")
    on_behalf_of_id = fields.Many2one(
        comodel_name="res.users",
        string="On Behalf Of",
        help="The absent approver for whom the substitute decided this step.",
    )
    decided_as = fields.Selection(
        selection=[
            ("approver", "Approver"),
            ("substitute", "Substitute"),
            ("escalation", "Escalation"),
        ],
        help="What allowed the user to decide the step: a member of its approving group, "
        "the substitute of an absent approver, or a member of the escalation group once the "
        "step was escalated.",
    )
    date_submitted = fields.Datetime(
        string="Submitted On",
        help="When this step started to wait for its approvers.",
    )
    date = fields.Datetime(string="Decided On")
    comment = fields.Text()

    # --- follow-up: reminder, escalation, forwarding ---
    # When the step is due for a reminder and for escalation: its tier's response time
    # after it started to wait, then twice that (escalation needs an escalation group).
    # Stored so that the scheduled job finds the steps due with one indexed search.
    date_reminder = fields.Datetime(
        string="Reminder Due",
        compute="_compute_follow_up_dates",
        store=True,
        index=True,
    )
    date_escalation = fields.Datetime(
        string="Escalation Due",
        compute="_compute_follow_up_dates",
        store=True,
        index=True,
    )
    # Stamped by the job: a step is reminded once and escalated once, whatever how often
    # the job runs (or is interrupted).
    reminded_at = fields.Datetime(string="Reminded On", readonly=True)
    escalated_at = fields.Datetime(string="Escalated On", readonly=True)
    escalation_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Escalated To",
        readonly=True,
        help="Copied from the tier when the step is escalated: its members may decide the "
        "step too.",
    )
    forwarded_to_id = fields.Many2one(
        comodel_name="res.users",
        string="Forwarded To",
        readonly=True,
        help="The approver this step was handed to with a note (who holds its activity).",
    )
    can_decide = fields.Boolean(
        string="I Can Decide",
        compute="_compute_can_decide",
        search="_search_can_decide",
        help="The step waits now and the current user may decide it: as a member of its "
        "group, as the substitute of an absent approver, or as a member of its escalation "
        "group.",
    )
    is_on_behalf = fields.Boolean(
        string="On Behalf",
        compute="_compute_can_decide",
        search="_search_is_on_behalf",
        help="The step waits now and the current user decides it only as the substitute of "
        "an absent approver.",
    )
    lead_time = fields.Float(
        string="Lead Time (hours)",
        compute="_compute_lead_time",
        store=True,
        aggregator="avg",
        help="Hours between the submission of this step and the decision.",
    )
    # 100 or 0 per decided step: their average is the share of decisions made that way.
    substitute_share = fields.Float(
        string="Decided by Substitutes (%)",
        compute="_compute_decision_shares",
        store=True,
        aggregator="avg",
    )
    escalation_share = fields.Float(
        string="Decided through Escalation (%)",
        compute="_compute_decision_shares",
        store=True,
        aggregator="avg",
    )

    # --- what the approver reads about the order ---
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    order_currency_id = fields.Many2one(related="order_id.currency_id")
    amount_untaxed = fields.Monetary(
        related="order_id.amount_untaxed", currency_field="order_currency_id"
    )

    # --- stored copies of the order for the lead time analysis ---
    order_type_id = fields.Many2one(
        related="order_id.order_type_id", store=True, string="Order Type"
    )
    salesperson_id = fields.Many2one(
        related="order_id.user_id", store=True, string="Salesperson"
    )

    @api.depends(
        "date_submitted", "tier_id.response_hours", "tier_id.escalation_group_id"
    )
    def _compute_follow_up_dates(self):
        for approval in self:
            hours = approval.tier_id.response_hours
            if not (hours and approval.date_submitted):
                approval.date_reminder = approval.date_escalation = False
                continue
            approval.date_reminder = approval.date_submitted + timedelta(hours=hours)
            approval.date_escalation = (
                approval.date_submitted + timedelta(hours=2 * hours)
                if approval.tier_id.escalation_group_id
                else False
            )

    @api.depends("decided_as")
    def _compute_decision_shares(self):
        for approval in self:
            approval.substitute_share = (
                100.0 if approval.decided_as == "substitute" else 0
            )
            approval.escalation_share = (
                100.0 if approval.decided_as == "escalation" else 0
            )

    @api.depends_context("uid")
    def _compute_can_decide(self):
        rights = self._get_decider_rights(self.env.user)
        for approval in self:
            route = approval._get_decision_route(self.env.user, rights)
            approval.can_decide = bool(route)
            approval.is_on_behalf = bool(route) and route[0] == "substitute"

    @api.depends("date_submitted", "date")
    def _compute_lead_time(self):
        for approval in self:
            if approval.date_submitted and approval.date:
                delta = approval.date - approval.date_submitted
                approval.lead_time = delta.total_seconds() / 3600.0
            else:
                approval.lead_time = 0.0
