# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sale_order_type_id = fields.Many2one(
        comodel_name="sale.order.type",
        string="Sales Order Type",
        help="Order type proposed on new sales orders of this customer.",
    )
