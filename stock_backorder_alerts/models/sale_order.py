# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from .res_partner import BACKORDER_POLICIES

# Odoo's picking_policy that matches each customer shipping policy
PICKING_POLICY_BY_BACKORDER_POLICY = {
    "partial_backorder": "direct",
    "partial_cancel": "direct",
    "complete_only": "one",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    backorder_policy = fields.Selection(
        selection=BACKORDER_POLICIES,
        string="Customer Shipping Policy",
        compute="_compute_backorder_policy",
        store=True,
        readonly=False,
        precompute=True,
        help="Taken from the customer; applied without asking when a delivery of this order "
        "is validated partially. It also sets the Shipping Policy (as soon as possible, or "
        "when all products are ready). Empty: the warehouse is asked (standard Odoo).",
    )
    backorder_count = fields.Integer(
        string="Backorders",
        compute="_compute_backorder_count",
        help="Open backorders: deliveries of what did not ship with an earlier delivery.",
    )
    shipment_ids = fields.Many2many(
        "stock.picking",
        string="Shipments",
        compute="_compute_shipment_ids",
        help="The deliveries of the order to the customer, with their carrier and tracking.",
    )
    delivery_delay_level = fields.Integer(
        string="Delivery Delay Level",
        compute="_compute_delivery_delay_level",
        store=True,
        help="Highest delay level reached by the open deliveries of this order (0: on time).",
    )

    @api.depends("partner_id")
    def _compute_backorder_policy(self):
        for order in self:
            if order.state in ("draft", "sent") or not order.backorder_policy:
                order.backorder_policy = (
                    order.partner_id.commercial_partner_id.backorder_policy
                )

    @api.depends("picking_ids.backorder_id", "picking_ids.state")
    def _compute_backorder_count(self):
        for order in self:
            order.backorder_count = len(order._get_open_backorders())

    @api.depends("picking_ids.picking_type_code")
    def _compute_shipment_ids(self):
        for order in self:
            order.shipment_ids = order._get_customer_shipments()

    @api.depends("picking_ids.delay_level", "picking_ids.state")
    def _compute_delivery_delay_level(self):
        for order in self:
            open_deliveries = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
                and p.picking_type_code == "outgoing"
            )
            order.delivery_delay_level = max(
                open_deliveries.mapped("delay_level"), default=0
            )

    @api.onchange("backorder_policy")
    def _onchange_backorder_policy(self):
        if self.backorder_policy:
            self.picking_policy = PICKING_POLICY_BY_BACKORDER_POLICY[
                self.backorder_policy
            ]

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        for order, vals in zip(orders, vals_list, strict=True):
            if "picking_policy" not in vals:
                order._sync_picking_policy()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "backorder_policy" in vals and "picking_policy" not in vals:
            self._sync_picking_policy()
        return res

    def action_view_backorders(self):
        """Open the open backorders of the order."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self._get_open_backorders().ids)]
        action["context"] = {"create": False}
        return action

    def _get_open_backorders(self):
        """Deliveries of the order created for what did not ship, not done yet."""
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: p.backorder_id and p.state not in ("done", "cancel")
        )

    def _get_customer_shipments(self):
        """The deliveries of the order to the customer (not the returns), oldest first: what
        the order form, the portal and the customer emails list."""
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        ).sorted(lambda p: (p.date_done or p.scheduled_date or p.create_date, p.id))

    def _sync_picking_policy(self):
        """Set Odoo's picking_policy from the customer shipping policy (complete orders only
        means "when all products are ready")."""
        for order in self:
            expected = PICKING_POLICY_BY_BACKORDER_POLICY.get(order.backorder_policy)
            if expected and order.picking_policy != expected:
                order.picking_policy = expected
