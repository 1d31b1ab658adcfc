# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class StockDelayReasonWizard(models.TransientModel):
    _name = "stock.delay.reason.wizard"
    _description = "Delay Reason of Late Deliveries"

    picking_ids = fields.Many2many(
        "stock.picking", string="Late Deliveries", readonly=True
    )
    delay_reason_id = fields.Many2one(
        "stock.delay.reason", string="Delay Reason", required=True
    )
    delay_note = fields.Text(string="Note")

    def action_confirm(self):
        """Record the reason on the late deliveries and go on with their validation."""
        self.ensure_one()
        values = {"delay_reason_id": self.delay_reason_id.id}
        if self.delay_note:
            values["delay_note"] = self.delay_note
        self.picking_ids.write(values)
        # The validation context goes on (backorder choices, pickings being validated), but
        # not the wizard's default_* keys, which would leak into the records created.
        context = {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith("default_")
        }
        to_validate = self.env(context=context)["stock.picking"].browse(
            self.env.context.get("button_validate_picking_ids") or self.picking_ids.ids
        )
        return to_validate.button_validate()
