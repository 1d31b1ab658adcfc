# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "sale.bounded.numbers.mixin"]

    # Every check is off by default so that a fresh install behaves like stock Odoo.
    sale_check_price_tolerance = fields.Boolean(
        string="Review Prices Below Pricelist",
        help="Send an order to approval when a line's net unit price (after discount) is "
        "below its pricelist price by more than the tolerance.",
    )
    sale_price_tolerance = fields.Float(
        string="Price Tolerance (%)",
        default=0.0,
        help="How far (in percent) a net unit price may fall below the pricelist price "
        "without review. 0 means any price below the pricelist is reviewed (when the check "
        "is on).",
    )
    sale_check_below_cost = fields.Boolean(
        string="Review Prices Below Cost",
        help="Send an order to approval when a line is sold below the product cost.",
    )
    sale_stock_check = fields.Selection(
        selection=[
            ("none", "No check"),
            ("warn", "Warn only"),
            ("review", "Needs approval"),
            ("block", "Block"),
        ],
        string="Stock Availability Check",
        default="none",
        required=True,
        help="What happens when the forecast stock on the delivery date does not cover a "
        "storable product of the order: nothing, an informational warning, a review by an "
        "approver, or the order cannot be confirmed.",
    )
    sale_approval_forbid_self = fields.Boolean(
        string="Salespeople Cannot Approve Their Own Orders",
    )
    sale_order_type_id = fields.Many2one(
        comodel_name="sale.order.type",
        string="Default Order Type",
        help="Order type of new orders whose customer has no order type of their own.",
    )

    # === BUSINESS ===

    @api.model
    def _get_setting_bounds(self):
        """Bound the numeric settings of the company (see sale.bounded.numbers.mixin);
        Settings applies the same bounds to its fields related to them."""
        return {**super()._get_setting_bounds(), "sale_price_tolerance": (0.0, 100.0)}
