# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.addons.sale_order_flow.tools import MAX_AMOUNT


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_hold_orders = fields.Boolean(
        related="company_id.credit_hold_orders", readonly=False
    )
    credit_overdue_grace_days = fields.Integer(
        related="company_id.credit_overdue_grace_days", readonly=False
    )
    credit_overdue_min_amount = fields.Monetary(
        related="company_id.credit_overdue_min_amount", readonly=False
    )
    credit_limit_tolerance = fields.Float(
        related="company_id.credit_limit_tolerance", readonly=False
    )
    credit_include_draft_invoices = fields.Boolean(
        related="company_id.credit_include_draft_invoices", readonly=False
    )
    credit_check_on_delivery = fields.Boolean(
        related="company_id.credit_check_on_delivery", readonly=False
    )
    credit_controller_id = fields.Many2one(
        related="company_id.credit_controller_id", readonly=False
    )

    @api.model
    def _get_setting_bounds(self):
        # Odoo's default credit limit (the default of the partners' credit limit) is compared
        # with every exposure by the credit policy.
        return {
            **super()._get_setting_bounds(),
            "account_default_credit_limit": (0.0, MAX_AMOUNT),
        }
