# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "sale.bounded.numbers.mixin"]

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

    @api.model
    def _get_setting_bounds(self):
        """Bound the settings related to a bounded company setting as the company does, so
        that a bad value is refused when Settings is saved (see sale.bounded.numbers.mixin).
        Override to bound settings stored elsewhere."""
        company_bounds = self.env["res.company"]._get_setting_bounds()
        bounds = super()._get_setting_bounds()
        for fname, field in self._fields.items():
            prefix, _dot, company_fname = (field.related or "").partition(".")
            if prefix == "company_id" and company_fname in company_bounds:
                bounds[fname] = company_bounds[company_fname]
        return bounds
