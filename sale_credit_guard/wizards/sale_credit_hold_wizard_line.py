# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class SaleCreditHoldWizardLine(models.TransientModel):
    _name = "sale.credit.hold.wizard.line"
    _description = "Credit Hold Dialog: Exposure of a Held Order"

    wizard_id = fields.Many2one(
        comodel_name="sale.credit.hold.wizard", ondelete="cascade"
    )
    order_id = fields.Many2one(comodel_name="sale.order", string="Order", readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    credit_limit = fields.Monetary(string="Credit Limit", readonly=True)
    receivable = fields.Monetary(string="Open Receivables", readonly=True)
    invoices_draft = fields.Monetary(string="Draft Invoices", readonly=True)
    orders = fields.Monetary(string="Orders Not Invoiced", readonly=True)
    exposure = fields.Monetary(string="Exposure", readonly=True)
    amount = fields.Monetary(string="This Order", readonly=True)
    exposure_after = fields.Monetary(string="Exposure With This Order", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue Amount", readonly=True)
    overdue_days = fields.Integer(string="Overdue Days", readonly=True)
    reason = fields.Text(string="Reason", readonly=True)
