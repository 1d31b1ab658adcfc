# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools import boolean_search_domain


class SaleOrder(models.Model):
    """What the approvers' queue (To Approve) shows of the step waiting now: how long it
    has waited, whether it is overdue or escalated, and whether the current user would
    decide it on behalf of an absent approver; each with its filter."""

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS ===

    approval_waiting_hours = fields.Float(
        string="Waiting (hours)",
        compute="_compute_approval_follow_up",
        help="How long the step waiting now has waited for a decision.",
    )
    approval_follow_up_state = fields.Selection(
        selection=[
            ("on_time", "On Time"),
            ("overdue", "Overdue"),
            ("escalated", "Escalated"),
        ],
        string="Follow-up",
        compute="_compute_approval_follow_up",
        search="_search_approval_follow_up_state",
        help="Overdue: the step waiting now has waited longer than its tier's response "
        "time. Escalated: it is offered to the tier's escalation group too.",
    )
    is_approval_on_behalf = fields.Boolean(
        string="On Behalf",
        compute="_compute_approval_follow_up",
        search="_search_is_approval_on_behalf",
        help="You would decide the step waiting now as the substitute of an absent "
        "approver.",
    )

    # === COMPUTE ===

    @api.depends_context("uid")
    def _compute_approval_follow_up(self):
        now = fields.Datetime.now()
        for order in self:
            step = order._get_current_approval()
            order.approval_waiting_hours = (
                (now - step.date_submitted).total_seconds() / 3600.0
                if step.date_submitted
                else 0.0
            )
            order.approval_follow_up_state = step._get_follow_up_state(now)
            order.is_approval_on_behalf = step.is_on_behalf

    def _search_approval_follow_up_state(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(_("Search the follow-up with = or in."))
        states = {value} if operator == "=" else set(value)
        now = fields.Datetime.now()
        domains = {
            "escalated": [("escalated_at", "!=", False)],
            "overdue": [("escalated_at", "=", False), ("date_reminder", "<=", now)],
            "on_time": [
                ("escalated_at", "=", False),
                "|",
                ("date_reminder", "=", False),
                ("date_reminder", ">", now),
            ],
        }
        step_domain = expression.OR([domains[s] for s in states if s in domains])
        return [
            (
                "approval_ids",
                "any",
                expression.AND([[("is_current", "=", True)], step_domain]),
            )
        ]

    def _search_is_approval_on_behalf(self, operator, value):
        return boolean_search_domain(
            self,
            operator,
            value,
            [("approval_ids", "any", [("is_on_behalf", "=", True)])],
        )
