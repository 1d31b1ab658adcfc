# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class StockDelayPromiseWizard(models.TransientModel):
    _name = "stock.delay.promise.wizard"
    _description = "New Promised Date of Late Deliveries"

    picking_ids = fields.Many2many(
        "stock.picking", string="Late Deliveries", required=True, readonly=True
    )
    promise_date = fields.Datetime(
        string="New Promised Date",
        required=True,
        help="The date the customer is told the delivery will leave. From now on the delay "
        "rules measure against it.",
    )
    delay_reason_id = fields.Many2one(
        "stock.delay.reason", string="Delay Reason", required=True
    )
    customer_message = fields.Char(
        related="delay_reason_id.customer_message", string="Told the Customer"
    )
    delay_note = fields.Text(string="Internal Note")
    notify_customer = fields.Boolean(
        string="Email the Customer Now",
        default=True,
        help="Email the customer the new date and the reason at once, in the order's chatter.",
    )

    def action_confirm(self):
        """Record the new date and the reason on the late deliveries (the checks are the
        deliveries': ``stock.picking._record_delay_promise``)."""
        self.ensure_one()
        self.picking_ids._record_delay_promise(
            self.promise_date,
            self.delay_reason_id,
            note=self.delay_note,
            notify=self.notify_customer,
        )
        return {"type": "ir.actions.act_window_close"}
