# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class SaleCreditReleaseWizard(models.TransientModel):
    _name = "sale.credit.release.wizard"
    _description = "Release Orders from Credit Hold"

    order_ids = fields.Many2many(
        comodel_name="sale.order", string="Orders", required=True
    )
    note = fields.Text(
        required=True,
        help="Why the order may go through: kept on the order and in its chatter.",
    )

    order_count = fields.Integer(compute="_compute_order_count")

    @api.depends("order_ids")
    def _compute_order_count(self):
        for wizard in self:
            wizard.order_count = len(wizard.order_ids)

    def action_release(self):
        """Release the orders with the note (the order method checks the group)."""
        self.ensure_one()
        self.order_ids.action_credit_release(note=self.note)
        return {"type": "ir.actions.act_window_close"}
