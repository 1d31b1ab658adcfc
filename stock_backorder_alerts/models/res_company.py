# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    backorder_notify_partial = fields.Boolean(
        string="Email Customers on Partial Shipments",
        default=True,
        help="When a delivery of a sales order leaves partially, email the customer what "
        "shipped and what is pending, and post it in the order's chatter.",
    )
    delay_reason_required = fields.Boolean(
        string="Require a Delay Reason",
        default=True,
        help="Validating a late delivery requires a delay reason. A delivery is late once "
        "the first active delay rule of its operation type is reached.",
    )
