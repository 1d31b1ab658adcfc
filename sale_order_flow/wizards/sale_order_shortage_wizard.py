# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class SaleOrderShortageWizard(models.TransientModel):
    _name = "sale.order.shortage.wizard"
    _description = "Solve a Stock Shortage"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True)
    line_ids = fields.One2many(
        comodel_name="sale.order.shortage.wizard.line", inverse_name="wizard_id"
    )

    def action_apply(self):
        """Apply the choices through the order (``sale.order._apply_shortage_choices``,
        which checks and computes everything again) and show what comes of it."""
        self.ensure_one()
        quotation = self.order_id._apply_shortage_choices(
            {line.sale_line_id.id: line.choice for line in self.line_ids},
            dates={
                line.sale_line_id.id: line.later_date
                for line in self.line_ids
                if line.choice == "later" and line.later_date
            },
        )
        if quotation:
            return {
                "type": "ir.actions.act_window",
                "res_model": "sale.order",
                "res_id": quotation.id,
                "view_mode": "form",
                "target": "current",
            }
        return {"type": "ir.actions.act_window_close"}
