# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # The customer's online payment confirms through the gate as their signature does:
        # an order that needs approval is submitted, one the gate blocks stays a paid
        # quotation and its salesperson is told (the payment itself is processed as usual).
        with self.env["sale.order"]._gate_caller("customer"):
            confirmed = super()._check_amount_and_confirm_order()
        # Odoo counts every quotation it asked to confirm as confirmed (and then skips the
        # "payment received" email): only those really confirmed are.
        return confirmed.filtered(lambda o: o.state == "sale")
