# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """The confirmation gate: the one place that decides what confirming an order does."""

    _inherit = "sale.order"

    def action_confirm(self):
        """Confirm the orders, or submit those that need approval.

        The single entry for confirmation (buttons, portal, payments, scripts): orders with
        blocking review reasons raise a UserError listing them all; orders that need an
        approval they do not have yet go to ``to_approve``; the others (and orders whose
        approvals are complete) are confirmed by Odoo. Approval-confirmed orders are locked.
        """
        to_submit = {}
        from_approval = self.env["sale.order"]
        for order in self:
            if order.state not in ("draft", "sent", "to_approve"):
                continue  # Odoo refuses them with its own message.
            reasons = order._get_review_reasons()
            order._raise_if_blocking(reasons)
            if order.state == "to_approve":
                if not order._is_approval_complete():
                    raise UserError(
                        _(
                            "Order %(order)s is waiting for approval: an approver must "
                            "approve it before it can be confirmed.",
                            order=order.name,
                        )
                    )
                from_approval |= order
            elif order._needs_approval(reasons):
                to_submit[order] = reasons
        for order, reasons in to_submit.items():
            # Odoo validates the analytic distribution of quotations only; do it now, while
            # the order still is one.
            order.order_line._validate_analytic_distribution()
            order._submit_for_approval(reasons)
        submitted = self.browse([order.id for order in to_submit])
        if submitted and self.env.context.get("send_email"):
            # The customer's own confirmation: Odoo would have emailed them now; do it when the
            # order is approved. sudo: the customer (portal) cannot write the order.
            submitted.sudo().approval_send_email = True
        to_confirm = self - submitted
        if not to_confirm:
            return True
        res = super(SaleOrder, to_confirm).action_confirm()
        confirmed = from_approval.filtered(lambda o: o.state == "sale")
        if confirmed:
            # sudo: the approval process records how the order was confirmed.
            confirmed.sudo().write({"approval_confirmed": True, "locked": True})
            awaited = confirmed.filtered("approval_send_email")
            if awaited and not self.env.context.get("send_email"):
                awaited._send_order_confirmation_mail()
        return res

    def _validate_order(self):
        # The portal's sign-and-pay path: a customer can never confirm an order that needs
        # approval (action_confirm submits it), and blocking reasons must not show the customer
        # an error: the quotation stays signed and the salesperson is told what to fix.
        blocked = self.browse()
        for order in self:
            blocking = [
                r for r in order._get_review_reasons() if r["severity"] == "block"
            ]
            if blocking:
                order._notify_blocked_acceptance(blocking)
                blocked |= order
        return super(SaleOrder, self - blocked)._validate_order()

    def _confirmation_error_message(self):
        # Odoo only confirms quotations; an order whose approvals are complete may be confirmed
        # too (its content could not change while it waited).
        if self.state == "to_approve" and self._is_approval_complete():
            return False
        return super()._confirmation_error_message()
