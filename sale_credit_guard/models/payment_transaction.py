# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # A customer's online payment confirms the quotation in stock Odoo: the credit policy
        # applies there too. A quotation that breaks it is held for a credit controller (the
        # payment itself is processed as usual and will lower the exposure once posted).
        held = self.browse()
        for tx in self:
            quotation = tx.sale_order_ids.filtered(
                lambda o: o.state in ("draft", "sent")
            )
            if (
                len(tx.sale_order_ids) == 1
                and quotation
                and quotation._is_confirmation_amount_reached()
                and quotation._credit_check_and_hold()
            ):
                held |= tx
        return super(PaymentTransaction, self - held)._check_amount_and_confirm_order()
