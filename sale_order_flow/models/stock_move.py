# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_new_picking_values(self):
        # The delivery of a starred order (a key customer's, see
        # sale.order._get_delivery_priority) is created starred, so that its moves, whose
        # priority is the transfer's, reserve stock before the others. A procurement's
        # priority alone does not reach the transfer.
        vals = super()._get_new_picking_values()
        if "priority" not in vals:
            # sudo: the transfer may be created by a warehouse user without sales rights;
            # only the order's priority is read.
            orders = self.sudo().sale_line_id.order_id
            if any(order._get_delivery_priority() == "1" for order in orders):
                vals["priority"] = "1"
        return vals
