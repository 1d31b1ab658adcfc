# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sale_check_price_tolerance = fields.Boolean(
        related="company_id.sale_check_price_tolerance", readonly=False
    )
    sale_price_tolerance = fields.Float(
        related="company_id.sale_price_tolerance", readonly=False
    )
    sale_check_below_cost = fields.Boolean(
        related="company_id.sale_check_below_cost", readonly=False
    )
    sale_stock_check = fields.Selection(
        related="company_id.sale_stock_check", readonly=False
    )
    sale_approval_forbid_self = fields.Boolean(
        related="company_id.sale_approval_forbid_self", readonly=False
    )
    sale_order_type_id = fields.Many2one(
        related="company_id.sale_order_type_id", readonly=False
    )
