# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _can_replenish_on_order(self, product, values):
        if self.action == "buy":
            # Odoo's purchase falls back on any vendor of the company, with or without a
            # price (stock.rule._run_buy): one is enough.
            company = values["company_id"]
            return bool(
                product._prepare_sellers(False).filtered(
                    lambda seller: not seller.company_id or seller.company_id == company
                )
            )
        return super()._can_replenish_on_order(product, values)
