# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # A copy, not a related field: the workshop reads what was ordered when production
    # started, without access to sales orders (the order's specification cannot change
    # once it is approved and locked).
    sale_specification = fields.Text(
        string="Customer Specification",
        readonly=True,
        help="The specification of the sales order this manufacturing order was started "
        "for (custom orders).",
    )
