# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from ..models.sale_order_shortage import SHORTAGE_CHOICES


class SaleOrderShortageWizardLine(models.TransientModel):
    _name = "sale.order.shortage.wizard.line"
    _description = "Short Product of a Sales Order"

    wizard_id = fields.Many2one(
        comodel_name="sale.order.shortage.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", required=True, readonly=True
    )
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    # What the stock check found when the wizard opened (shown only: applying the
    # choices computes them again).
    date = fields.Datetime(
        string="Short On",
        readonly=True,
        help="The date the line is due: its own delivery date, else the order's.",
    )
    ordered_qty = fields.Float(string="Ordered", digits="Product Unit of Measure")
    available_qty = fields.Float(
        string="Available",
        digits="Product Unit of Measure",
        help="On the delivery date.",
    )
    incoming_qty = fields.Float(
        string="Expected Receipts",
        digits="Product Unit of Measure",
        help="Receipts of the product expected by the delivery date (product unit).",
    )
    short_qty = fields.Float(string="Short", digits="Product Unit of Measure")
    choice = fields.Selection(selection=SHORTAGE_CHOICES, required=True, default="keep")
    # A Datetime, as the order line's delivery date it becomes.
    later_date = fields.Datetime(
        string="Deliver the Rest On",
        help="The date of the later delivery of the short quantity, after the date the "
        "line is short on. Offered: the next receipt of the product expected in the "
        "order's warehouse; empty when none is expected.",
    )
