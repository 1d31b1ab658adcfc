# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    backorder_notify_partial = fields.Boolean(
        related="company_id.backorder_notify_partial", readonly=False
    )
    delivery_notify_shipped = fields.Boolean(
        related="company_id.delivery_notify_shipped", readonly=False
    )
    delay_reason_required = fields.Boolean(
        related="company_id.delay_reason_required", readonly=False
    )
