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

    def _compute_is_credit_controller(self):
        self.is_credit_controller = self.env["res.partner"]._is_credit_controller()

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            # The breakdown is taken when the dialog opens: the numbers the hold was
            # decided on, one line per held order.
            lines = []
            for order in wizard.order_ids:
                verdict = order._credit_check()
                lines.append(
                    {
                        "wizard_id": wizard.id,
                        "order_id": order.id,
                        "currency_id": verdict["currency"].id,
                        "credit_limit": verdict["limit"],
                        "receivable": verdict["receivable"],
                        "invoices_draft": verdict["invoices_draft"],
                        "orders": verdict["orders"],
                        "exposure": verdict["exposure"],
                        "amount": verdict["amount"],
                        "exposure_after": verdict["exposure_after"],
                        "overdue_amount": verdict["overdue_amount"],
                        "overdue_days": verdict["overdue_days"],
                        "reason": order.credit_hold_reason,
                    }
                )
            self.env["sale.credit.hold.wizard.line"].create(lines)
        return wizards

    def action_release(self):
        """Open the release dialog for the held orders (credit controllers)."""
        return self.order_ids.action_open_credit_release_wizard()
