# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class SaleOrderForwardWizard(models.TransientModel):
    """Hand the step waiting now to another of its approvers, with a note (see
    ``sale.order.action_forward``)."""

    _name = "sale.order.forward.wizard"
    _description = "Forward an Approval Step"

    order_id = fields.Many2one(comodel_name="sale.order", required=True)
    # The step shown when the dialog opened: the forwarding applies to it only.
    approval_id = fields.Many2one(
        comodel_name="sale.order.approval", required=True, readonly=True
    )
    eligible_user_ids = fields.Many2many(
        comodel_name="res.users", compute="_compute_eligible_user_ids"
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Forward To",
        required=True,
        domain="[('id', 'in', eligible_user_ids)]",
    )
    note = fields.Text(required=True)

    @api.depends("approval_id")
    def _compute_eligible_user_ids(self):
        for wizard in self:
            approvers = self.env["res.users"]
            if wizard.approval_id:
                approvers = wizard.approval_id._get_approvers_by_step()[
                    wizard.approval_id.id
                ]
            wizard.eligible_user_ids = approvers - self.env.user

    def action_forward(self):
        """Forward the step shown to the chosen approver."""
        self.ensure_one()
        self.order_id.action_forward(self.approval_id.id, self.user_id, self.note)
        return {"type": "ir.actions.act_window_close"}
