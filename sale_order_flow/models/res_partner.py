# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS ===

    sale_order_type_id = fields.Many2one(
        comodel_name="sale.order.type",
        string="Sales Order Type",
        help="Order type proposed on new sales orders of this customer.",
    )
    sale_priority_customer = fields.Boolean(
        string="Key Customer",
        tracking=True,
        help="The deliveries of this customer's orders are starred: they reserve stock "
        "before the other deliveries waiting for the same products. Set on the company; "
        "its contacts and addresses follow. Only sales administrators change it.",
    )

    # === CRUD ===

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("sale_priority_customer") for vals in vals_list):
            self._check_can_set_priority_customer()
        return super().create(vals_list)

    def write(self, vals):
        if "sale_priority_customer" in vals and any(
            partner.sale_priority_customer != bool(vals["sale_priority_customer"])
            for partner in self
        ):
            self._check_can_set_priority_customer()
        return super().write(vals)

    # === BUSINESS ===

    @api.model
    def _check_can_set_priority_customer(self):
        """Only sales administrators decide who is served first: a key customer's
        deliveries take stock from everyone else's."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        raise AccessError(
            _(
                "Only a sales administrator can make a customer a key customer (or stop "
                "it): their deliveries reserve stock before the others."
            )
        )
