# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        """Check the credit policy again before goods leave, when the company asks for it.

        The orders of customers who break the policy are put on credit hold and nothing is
        validated: the user is told, and a credit controller releases the order (released
        orders pass). Credit controllers may validate anyway.
        """
        held = self._hold_orders_on_delivery()
        if held:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Delivery on credit hold"),
                    "message": self.env._(
                        "Nothing was validated: %(orders)s is now on credit hold, as its "
                        "customer breaks the credit policy. A credit controller must "
                        "release it before it is delivered.",
                        orders=", ".join(held.mapped("name")),
                    ),
                },
            }
        return super().button_validate()

    def _hold_orders_on_delivery(self):
        """Put on credit hold the orders of the outgoing deliveries of ``self`` whose
        customer breaks the policy (company setting "Check Credit on Delivery"); return
        them."""
        if self.env["res.partner"]._is_credit_controller():
            return self.env["sale.order"]
        pickings = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.company_id.credit_check_on_delivery
            and p.company_id._credit_policy_enabled()
        )
        # sudo: whoever may validate the delivery triggers the check, even a warehouse user
        # who may not read the order; the policy reads the order and records the hold.
        # The orders whose goods leave are those of the moves' order lines, whatever the
        # delivery's own link to an order says (a warehouse user may change it).
        pickings = pickings.sudo()
        orders = pickings.sale_id | pickings.move_ids.sale_line_id.order_id
        if not orders:
            return orders
        # The gate's credit check, in one batch under the customers' lock (a confirmed
        # order is already in the exposure: it adds nothing to it).
        decisions = [{"order": order, "outcome": "confirm"} for order in orders]
        orders._gate_check_holds(decisions)
        held = orders.browse()
        for decision in decisions:
            if decision["outcome"] == "hold":
                order = decision["order"]
                if not order.credit_hold:
                    order._put_on_credit_hold(decision["hold"])
                held |= order
        return held
