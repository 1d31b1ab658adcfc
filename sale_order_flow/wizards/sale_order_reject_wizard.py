# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class SaleOrderRejectWizard(models.TransientModel):
    _name = "sale.order.reject.wizard"
    _description = "Reject Sales Orders"

    order_ids = fields.Many2many(comodel_name="sale.order", required=True)
    # The steps shown when the dialog opened: the rejection applies to them only.
    approval_ids = fields.Many2many(comodel_name="sale.order.approval", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")
    reason = fields.Text(required=True)

    @api.depends("order_ids")
    def _compute_order_count(self):
        for wizard in self:
            wizard.order_count = len(wizard.order_ids)

    def action_reject(self):
        """Reject the steps shown with the reason typed in the wizard."""
        self.ensure_one()
        self.order_ids.action_reject(self.reason, approval_ids=self.approval_ids.ids)
        return {"type": "ir.actions.act_window_close"}
