# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

DEFAULT_DELAY_RULES = (
    "stock_backorder_alerts.delay_rule_level_1_warehouse",
    "stock_backorder_alerts.delay_rule_level_2_sales",
    "stock_backorder_alerts.delay_rule_level_3_customer",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    backorder_notify_partial = fields.Boolean(
        string="Email Customers on Partial Shipments",
        default=True,
        help="When a delivery of a sales order leaves partially, email the customer what "
        "shipped and what is pending, and post it in the order's chatter.",
    )
    delivery_notify_shipped = fields.Boolean(
        string="Email Customers when a Delivery Ships",
        default=False,
        help="When a delivery of a sales order is validated, email the customer what "
        "shipped, the carrier and the tracking link (a partial delivery gets the partial "
        "shipment email instead, which says the same and what is pending). Off by default: "
        "Odoo's own delivery confirmation email may already be in use.",
    )
    delay_reason_required = fields.Boolean(
        string="Require a Delay Reason",
        default=True,
        help="Validating a late delivery requires a delay reason. A delivery is late once "
        "the first active delay rule of its operation type is reached.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_default_delay_rules()
        return companies

    def _create_default_delay_rules(self):
        """Give new companies the default delay rules (copies of the main company's, as they
        are configured now). Override to start companies with other rules, or none."""
        # sudo: creating a company is allowed to settings administrators, who may not be
        # inventory administrators.
        templates = [
            self.env.ref(xmlid, raise_if_not_found=False)
            for xmlid in DEFAULT_DELAY_RULES
        ]
        templates = [rule.sudo() for rule in templates if rule]
        for company in self:
            for rule in templates:
                rule.copy({"company_id": company.id})
