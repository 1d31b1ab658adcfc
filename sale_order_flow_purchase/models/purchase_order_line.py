# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # A copy, not a related field: buyers read what was ordered when the purchase started,
    # without access to sales orders. Internal: the vendor's documents do not print it.
    sale_specification = fields.Text(
        string="Customer Specification",
        readonly=True,
        help="The specification of the sales order this line was requested for (custom "
        "orders). Tell the vendor what they need of it.",
    )

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        vals = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        order = self.env["stock.rule"]._get_procurement_sale_order(values)
        if order.specification:
            vals["sale_specification"] = order.specification
        return vals
