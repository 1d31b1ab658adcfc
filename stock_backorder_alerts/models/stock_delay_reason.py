# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class StockDelayReason(models.Model):
    _name = "stock.delay.reason"
    _description = "Delivery Delay Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the reason between companies.",
    )
    description = fields.Text(translate=True)
    customer_message = fields.Char(
        string="Told the Customer",
        translate=True,
        help="The reason in the customer's words, written in the delay emails "
        "(e.g. 'our supplier delivered late to us'). Empty: the reason is not mentioned.",
    )
