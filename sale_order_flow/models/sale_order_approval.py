# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

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
    date_submitted = fields.Datetime(
        string="Submitted On",
        help="When this step started to wait for its approvers.",
    )
    date = fields.Datetime(string="Decided On")
    comment = fields.Text()
    lead_time = fields.Float(
        string="Lead Time (hours)",
        compute="_compute_lead_time",
        store=True,
        aggregator="avg",
        help="Hours between the submission of this step and the decision.",
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

    @api.depends("date_submitted", "date")
    def _compute_lead_time(self):
        for approval in self:
            if approval.date_submitted and approval.date:
                delta = approval.date - approval.date_submitted
                approval.lead_time = delta.total_seconds() / 3600.0
            else:
                approval.lead_time = 0.0
