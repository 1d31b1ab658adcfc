# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class SaleOrder(models.Model):
    """The order's side of lines delivered on their own date
    (``sale.order.line.delivery_date``): the order's delivery date stays the earliest, and
    the lines' moves keep their own deadline when it changes."""

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === CONSTRAINTS ===

    @api.constrains("commitment_date")
    def _check_lines_delivery_date(self):
        # Moving the order's delivery date past a line's own date would promise that line
        # before the order: the line's constraint says which and what to do.
        self.order_line._check_delivery_date()

    # === CRUD ===

    def write(self, vals):
        res = super().write(vals)
        if "commitment_date" in vals:
            # sale_stock gives every move of the order the new date as deadline; the lines
            # with their own date keep theirs.
            self.order_line.filtered("delivery_date")._propagate_delivery_date()
        return res
