# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_mo_vals(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        bom,
    ):
        vals = super()._prepare_mo_vals(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            bom,
        )
        specification = self._get_procurement_sale_order(values).specification
        if specification:
            vals["sale_specification"] = specification
        return vals

    def _can_replenish_on_order(self, product, values):
        if self.action == "manufacture":
            return bool(self._get_matching_bom(product, values["company_id"], values))
        return super()._can_replenish_on_order(product, values)
