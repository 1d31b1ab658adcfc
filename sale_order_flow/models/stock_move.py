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

    def _assign_picking(self):
        # The delivery moves of sales order lines with a later date of their own get a
        # transfer of their own, before Odoo reserves them (``_action_confirm`` reserves
        # after assigning the transfers), so nothing reserved has to move.
        res = super()._assign_picking()
        # sudo: see _get_later_delivery_date. Most orders have no dated line: nothing to
        # read beyond the lines the procurement already read.
        if self.sudo().sale_line_id.filtered("delivery_date"):
            self.picking_id.filtered(
                lambda picking: picking.picking_type_code == "outgoing"
            )._split_by_delivery_date()
        return res

    def _get_later_delivery_date(self):
        """``{move id: date or False}``: the later delivery date of each move's sales order
        line (``sale.order.line._get_later_delivery_date``), False for moves delivered on
        the order's date or without order."""
        # sudo: the moves may be assigned by a warehouse user without sales rights (or by
        # the scheduler); only the lines' and orders' delivery dates are read.
        return {
            move.id: move.sale_line_id._get_later_delivery_date()
            if move.sale_line_id
            else False
            for move in self.sudo()
        }
