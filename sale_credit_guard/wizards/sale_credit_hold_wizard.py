# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class SaleCreditHoldWizard(models.TransientModel):
    _name = "sale.credit.hold.wizard"
    _description = "Credit Hold Dialog"

    order_ids = fields.Many2many(
        comodel_name="sale.order", string="Orders on Hold", readonly=True
    )
    line_ids = fields.One2many(
        comodel_name="sale.credit.hold.wizard.line",
        inverse_name="wizard_id",
        readonly=True,
    )
    is_credit_controller = fields.Boolean(compute="_compute_is_credit_controller")

    order_count = fields.Integer(compute="_compute_order_count")

    @api.depends("order_ids")
    def _compute_order_count(self):
        for wizard in self:
            wizard.order_count = len(wizard.order_ids)

    def _compute_is_credit_controller(self):
        self.is_credit_controller = self.env["res.partner"]._is_credit_controller()

    def action_release(self):
        """Open the release dialog for the held orders (credit controllers)."""
        return self.order_ids.action_open_credit_release_wizard()
