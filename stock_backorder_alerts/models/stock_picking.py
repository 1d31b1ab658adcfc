# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deliveries: the customer shipping policy applied at validation, and the customer emails
sent when a delivery leaves (partial shipment, shipped with its tracking link). The delay
follow-up of transfers is in ``stock_picking_delay.py``."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .res_partner import BACKORDER_POLICIES

PARTIAL_SHIPMENT_TEMPLATE = "stock_backorder_alerts.mail_template_partial_shipment"
SHIPPED_TEMPLATE = "stock_backorder_alerts.mail_template_delivery_shipped"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # === FIELDS === #

    # Shipping policy of the customer, applied at validation
    backorder_policy = fields.Selection(
        selection=BACKORDER_POLICIES,
        string="Customer Shipping Policy",
        compute="_compute_backorder_policy",
        store=True,
        readonly=False,
        help="Applied without asking when a delivery is validated partially. Taken from the "
        "sales order, or from the customer for deliveries without order. Empty: the "
        "warehouse is asked (standard Odoo).",
    )

    # === COMPUTE === #

    @api.depends(
        "sale_id.backorder_policy", "partner_id.commercial_partner_id.backorder_policy"
    )
    def _compute_backorder_policy(self):
        for picking in self:
            if picking.state in ("done", "cancel"):
                # The policy a delivery was validated with is history: keep it.
                continue
            if picking.sale_id:
                picking.backorder_policy = picking.sale_id.backorder_policy
            else:
                picking.backorder_policy = (
                    picking.partner_id.commercial_partner_id.backorder_policy
                )

    # === ACTIONS === #

    def button_validate(self):
        """Validate, applying the customer shipping policy instead of asking the clerk.

        ``partial_cancel`` deliveries are validated as if "No Backorder" had been chosen;
        ``partial_backorder`` ones as if "Create Backorder" had; ``complete_only`` ones are
        refused when partial (see ``_pre_action_done_hook``).
        """
        pickings = self
        cancel_rest = self.filtered(
            lambda p: p._get_backorder_policy_to_apply() == "partial_cancel"
        )
        if cancel_rest:
            not_to_backorder = list(
                self.env.context.get("picking_ids_not_to_backorder") or []
            )
            pickings = self.with_context(
                picking_ids_not_to_backorder=not_to_backorder + cancel_rest.ids
            )
        return super(StockPicking, pickings).button_validate()

    # === BUSINESS: validation === #

    def _pre_action_done_hook(self):
        res = super()._pre_action_done_hook()
        if res is True:
            self._check_complete_only_policy()
        return res

    def _check_backorder(self):
        # A customer shipping policy answers the question the backorder wizard would ask.
        pickings = super()._check_backorder()
        return pickings.filtered(lambda p: not p._get_backorder_policy_to_apply())

    def _action_done(self):
        # Both measured before Odoo splits the moves of what is not picked.
        self._log_cancelled_remainders()
        partial = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.sale_id
            and p.company_id.backorder_notify_partial
            and p._is_partial_validation()
        )
        shipped = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.sale_id
            and p.company_id.delivery_notify_shipped
        )
        res = super()._action_done()
        partial._send_customer_email(PARTIAL_SHIPMENT_TEMPLATE)
        # The partial shipment email already says what shipped, with the tracking link.
        (shipped - partial).filtered(lambda p: p.state == "done")._send_customer_email(
            SHIPPED_TEMPLATE
        )
        return res

    def _get_backorder_policy_to_apply(self):
        """Return the customer shipping policy applied when validating this transfer, or False
        to keep Odoo's standard question. Only deliveries carry a customer policy."""
        self.ensure_one()
        if self.picking_type_code != "outgoing":
            return False
        return self.backorder_policy or False

    def _is_partial_validation(self):
        """Whether validating now would leave part of the demand behind (not picked)."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        # Like Odoo, when nothing is marked picked the reserved quantities are what ships.
        anything_picked = any(moves.mapped("picked"))
        for move in moves:
            shipped = move.quantity if (move.picked or not anything_picked) else 0.0
            rounding = move.product_uom.rounding
            if (
                float_compare(
                    shipped, move.product_uom_qty, precision_rounding=rounding
                )
                < 0
            ):
                return True
        return False

    def _check_complete_only_policy(self):
        """Refuse the partial validation of deliveries whose customer only accepts complete
        shipments."""
        incomplete = self.filtered(
            lambda p: p._get_backorder_policy_to_apply() == "complete_only"
            and p._is_partial_validation()
        )
        if incomplete:
            raise UserError(
                self.env._(
                    "%(pickings)s: the customer accepts complete deliveries only (shipping "
                    "policy 'Ship complete orders only') and some quantities are not picked.\n"
                    "Wait until the full quantity is available and picked, or change the "
                    "shipping policy of the sales order (or of the delivery) to allow partial "
                    "shipments.",
                    pickings=", ".join(incomplete.mapped("name")),
                )
            )

    def _log_cancelled_remainders(self):
        """Tell the next steps which quantities will not come, as Odoo's "No Backorder"
        choice does, for deliveries validated under the ``partial_cancel`` policy."""
        for picking in self:
            if picking._get_backorder_policy_to_apply() != "partial_cancel":
                continue
            moves_to_log = {}
            for move in picking.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            ):
                picked = move._get_picked_quantity()
                rounding = move.product_uom.rounding
                if (
                    float_compare(
                        move.product_uom_qty, picked, precision_rounding=rounding
                    )
                    > 0
                ):
                    moves_to_log[move] = (picked, move.product_uom_qty)
            if moves_to_log:
                picking._log_less_quantities_than_expected(moves_to_log)

    # === BUSINESS: customer emails === #

    def _send_customer_email(self, template_xmlid):
        """Post the email template ``template_xmlid`` to the customer of each transfer."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for picking in self:
            picking._post_customer_email(template)

    def _post_customer_email(self, template):
        """Render ``template`` (a stock.picking template) on this transfer and post it to the
        customer in the sales order's chatter (the transfer's without order). The email goes to
        the outgoing mail queue rather than being sent during the validation."""
        self.ensure_one()
        # sudo: the clerk who validates (or the alert job) may not read the sales order (sales
        # record rules); the email is the company's message about this transfer. The message
        # stays authored by the current user.
        picking = self.sudo()
        customer = picking.sale_id.partner_id or picking.partner_id
        if not customer:
            return
        template = template.sudo()
        subjects = template._render_field("subject", picking.ids, compute_lang=True)
        bodies = template._render_field("body_html", picking.ids, compute_lang=True)
        thread = picking.sale_id or picking
        thread.with_context(mail_notify_force_send=False).message_post(
            author_id=self.env.user.partner_id.id,
            body=bodies[picking.id],
            subject=subjects[picking.id],
            partner_ids=customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _get_pending_moves(self):
        """Moves still to be delivered after this transfer: those of its open backorders
        (listed as "still to come" in the customer emails)."""
        self.ensure_one()
        return self.backorder_ids.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )

    def _get_cancelled_moves(self):
        """Moves of this transfer of which a quantity will not be delivered (e.g. the
        remainder under ``partial_cancel``): cancelled ones, and done ones that shipped less
        than their demand. Listed as "not delivered" in the customer emails."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: (m.state == "cancel" and m.product_uom_qty)
            or (
                m.state == "done"
                and float_compare(
                    m.quantity,
                    m.product_uom_qty,
                    precision_rounding=m.product_uom.rounding,
                )
                < 0
            )
        )

    def _get_customer_shipments(self):
        """The deliveries of the same sales order as this transfer (this one included), as
        the customer follows them: oldest first."""
        self.ensure_one()
        return self.sale_id._get_customer_shipments() if self.sale_id else self
