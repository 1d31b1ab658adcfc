# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, fields, models


class SaleOrderType(models.Model):
    _name = "sale.order.type"
    _description = "Sales Order Type"
    _order = "sequence, id"
    _check_company_auto = True

    # --- identity ---
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to share the type between all companies.",
    )
    description = fields.Text(translate=True)

    # --- what the type does to the order ---
    sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Numbering",
        check_company=True,
        help="Numbering of the orders of this type. Empty: Odoo's standard sales order "
        "numbering.",
    )
    route_id = fields.Many2one(
        comodel_name="stock.route",
        string="Route",
        check_company=True,
        help="Route set on the order lines at confirmation, e.g. 'Replenish on Order "
        "(MTO)' so that confirming starts production (products with the Manufacture "
        "route and a bill of materials) or purchasing (products with the Buy route and a "
        "vendor).",
    )
    service_only = fields.Boolean(
        string="Services Only",
        help="Orders of this type may only sell services (nothing is delivered).",
    )
    always_approve = fields.Boolean(
        string="Always Needs Approval",
        help="Every order of this type goes to approval, whatever its amount.",
    )

    # --- data the type makes mandatory (blocking review reasons when missing) ---
    require_client_order_ref = fields.Boolean(string="Customer Reference Required")
    require_commitment_date = fields.Boolean(string="Delivery Date Required")
    require_specification = fields.Boolean(string="Specification Required")
    require_delivery_address = fields.Boolean(
        string="Complete Delivery Address Required",
        help="The delivery address must have a country and a ZIP code.",
    )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _activate_routes(self):
        """Unarchive the archived routes of these types, with their warehouses' rules.

        Odoo ships its *Replenish on Order (MTO)* route archived and leaves it to an
        inventory administrator to unarchive it, as Inventory > Configuration > Routes does
        (``stock.route.toggle_active`` also reactivates the rule of each warehouse). The
        types that replenish on order call this when they are installed, so that they work
        on a fresh database. A route archived later on purpose stays archived: the order's
        review then says so (``archived_route``).
        """
        routes = self.route_id.filtered(lambda route: not route.active)
        if routes:
            # sudo: installing the types makes the route they are shipped with usable;
            # routes are otherwise configured by inventory administrators.
            routes.sudo().action_unarchive()

    def _get_next_order_number(self, company, sequence_date=None):
        """Return the next order number for this type (or Odoo's standard number).

        Override to number orders differently. ``self`` may be empty (no type).
        """
        sequence = self.sequence_id
        if sequence:
            # sudo: allocating a number is a system operation; salespeople have no rights
            # on ir.sequence and only receive the number.
            return (
                sequence.sudo()
                .with_company(company)
                .next_by_id(sequence_date=sequence_date)
            )
        return self.env["ir.sequence"].with_company(company).next_by_code(
            "sale.order", sequence_date=sequence_date
        ) or _("New")
