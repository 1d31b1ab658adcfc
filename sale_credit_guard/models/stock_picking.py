# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        """Check the credit policy again before goods leave, when the company asks for it.

        Credit controllers may still validate; released orders pass.
        """
        self._check_credit_on_delivery()
        return super().button_validate()

    def _check_credit_on_delivery(self):
        """Refuse to validate outgoing deliveries of orders whose customer breaks the policy."""
        if self.env["res.partner"]._is_credit_controller():
            return
        orders = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.sale_id
            and p.company_id.credit_check_on_delivery
            and p.company_id._credit_policy_enabled()
        ).sale_id
        if not orders:
            return
        orders._lock_credit_partners()
        for order in orders:
            verdict = order._credit_check()
            if verdict["blocked"]:
                raise UserError(
                    self.env._(
                        "The delivery of %(order)s cannot be validated: its customer breaks "
                        "the credit policy.\n%(reasons)s\nAsk a credit controller to validate "
                        "it or to release the order.",
                        order=order.name,
                        reasons="\n".join(r["message"] for r in verdict["reasons"]),
                    )
                )
