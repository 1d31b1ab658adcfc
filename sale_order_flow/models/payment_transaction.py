# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # A customer's payment goes through action_confirm, so an order that needs approval
        # is submitted, never confirmed. A quotation with blocking reasons cannot even be
        # submitted: instead of failing the payment's processing, keep it a paid quotation and
        # tell the salesperson what to fix.
        blocked = self.browse()
        for tx in self:
            quotation = tx.sale_order_ids.filtered(
                lambda o: o.state in ("draft", "sent")
            )
            if len(tx.sale_order_ids) != 1 or not quotation:
                continue
            if not quotation._is_confirmation_amount_reached():
                continue
            reasons = [
                r for r in quotation._get_review_reasons() if r["severity"] == "block"
            ]
            if reasons:
                quotation._notify_blocked_acceptance(reasons)
                blocked |= tx
        return super(
            PaymentTransaction, self - blocked
        )._check_amount_and_confirm_order()
