# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, models
from odoo.exceptions import UserError

# Line fields that make the commercial content: frozen while the order waits for approval.
COMMERCIAL_LINE_FIELDS = {
    "product_id",
    "product_template_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
    "order_id",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        self.env["sale.order"].browse(order_ids)._check_writable_while_waiting(
            {"order_line"}
        )
        return super().create(vals_list)

    def write(self, vals):
        if COMMERCIAL_LINE_FIELDS.intersection(vals):
            self._check_order_not_waiting()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_waiting_approval(self):
        self._check_order_not_waiting()

    def _check_order_not_waiting(self):
        waiting = self.order_id.filtered(lambda o: o.state == "to_approve")
        if waiting:
            raise UserError(
                _(
                    "Order %(order)s is waiting for approval: its lines cannot change. Set "
                    "it back to quotation to modify it, then submit it again.",
                    order=waiting[0].name,
                )
            )
