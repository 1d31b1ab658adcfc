# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class SaleOrderApproveWizard(models.TransientModel):
    """The confirmation an approver gives before approving: what they approve, with an
    optional comment. The steps are those shown when the dialog opened, so approving twice
    (double click, a retried request) never approves the next level."""

    _name = "sale.order.approve.wizard"
    _description = "Approve Sales Orders"

    order_ids = fields.Many2many(comodel_name="sale.order", required=True)
    approval_ids = fields.Many2many(comodel_name="sale.order.approval", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")
    comment = fields.Text()
    outcome_note = fields.Char(
        compute="_compute_outcome_note",
        string="What Follows",
        help="What approving the order leads to (one order at a time).",
    )

    @api.depends("order_ids")
    def _compute_order_count(self):
        for wizard in self:
            wizard.order_count = len(wizard.order_ids)

    @api.depends("order_ids")
    def _compute_outcome_note(self):
        for wizard in self:
            orders = wizard.order_ids
            wizard.outcome_note = (
                orders._get_approval_outcome_note() if len(orders) == 1 else False
            )

    def action_approve(self):
        """Approve the steps shown; return what the approval returns (a dialog about held
        orders, or closing)."""
        self.ensure_one()
        result = self.order_ids.action_approve(
            approval_ids=self.approval_ids.ids, comment=self.comment
        )
        if isinstance(result, dict):
            return result
        return {"type": "ir.actions.act_window_close"}
