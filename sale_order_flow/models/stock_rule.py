# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _can_replenish_on_order(self, product, values):
        """Whether this rule, found to supply a warehouse's stock, can run for ``product``
        (``values``: ``warehouse_id``, ``company_id``). Override for the rules that need
        more than the rule: a bill of materials to manufacture, a vendor to buy."""
        self.ensure_one()
        return True

    @api.model
    def _get_procurement_sale_order(self, values):
        """The sales order a procurement serves, read from its ``values``, or an empty
        record.

        A delivery's procurement carries the order's procurement group; what replenishes it
        on order (manufacturing, purchase) carries the same group, and the delivery move it
        feeds (``move_dest_ids``). The production and purchase bridges use it to put the
        order's specification on what they create.
        """
        group = values.get("group_id")
        # sudo: the procurement may run as a user without sales rights (scheduler,
        # manufacturing); only the order's identity and specification are read.
        order = group.sudo().sale_id if group else self.env["sale.order"]
        if not order and values.get("move_dest_ids"):
            order = values["move_dest_ids"].sudo().sale_line_id.order_id[:1]
        return order
