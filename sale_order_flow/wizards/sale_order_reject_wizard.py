# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class SaleOrderRejectWizard(models.TransientModel):
    _name = "sale.order.reject.wizard"
    _description = "Reject Sales Orders"

    order_ids = fields.Many2many(comodel_name="sale.order", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        """Reject the orders with the reason typed in the wizard."""
        self.ensure_one()
        self.order_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
