# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

# Fields that make the commercial content of an order: frozen while it waits for approval.
# Written by the approval process only (with sudo): a user writing them directly could
# unlock an approved order or pass an approval round off as complete.
APPROVAL_PROCESS_FIELDS = {
    "approval_round",
    "approval_confirmed",
    "approval_send_email",
    "date_submitted",
}

COMMERCIAL_FIELDS = {
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "order_line",
    "pricelist_id",
    "currency_id",
    "payment_term_id",
    "fiscal_position_id",
    "company_id",
    "order_type_id",
    "commitment_date",
    "warehouse_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"
    # Post messages and notes with read access (Odoo requires write by default): approvers
    # discuss the orders waiting for them, credit controllers those of their companies,
    # without the right to edit them. Who may read an order is set by its record rules.
    _mail_post_access = "read"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    state = fields.Selection(
        selection_add=[("to_approve", "Waiting Approval"), ("sale",)],
        ondelete={"to_approve": "set default"},
    )

    # --- order type ---
    order_type_id = fields.Many2one(
        comodel_name="sale.order.type",
        string="Order Type",
        index=True,
        tracking=True,
        check_company=True,
        # No field default: create() and the partner onchange set it (a default would also
        # be evaluated for the existing orders while the module installs).
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    specification = fields.Text(
        help="What the customer ordered, to their specification (custom orders).",
    )
    require_specification = fields.Boolean(
        related="order_type_id.require_specification"
    )

    # --- review ---
    review_banner = fields.Html(
        compute="_compute_review_banner",
        sanitize=False,
        help="The reasons found by the automatic review of the order.",
    )
    review_severity = fields.Selection(
        selection=[
            ("none", "Nothing to review"),
            ("warn", "Warning"),
            ("review", "Needs approval"),
            ("block", "Blocked"),
        ],
        compute="_compute_review_banner",
    )
    review_summary = fields.Text(
        string="Reasons at Submission",
        copy=False,
        readonly=True,
        help="The review reasons found when the order was last submitted for approval.",
    )

    # --- approval ---
    approval_ids = fields.One2many(
        comodel_name="sale.order.approval",
        inverse_name="order_id",
        string="Approvals",
        copy=False,
        readonly=True,
    )
    approval_round = fields.Integer(copy=False, readonly=True)
    current_approval_id = fields.Many2one(
        comodel_name="sale.order.approval",
        compute="_compute_current_approval_id",
        string="Waiting For",
    )
    can_approve = fields.Boolean(
        compute="_compute_current_approval_id",
        help="Whether the current user may approve or reject the order now.",
    )
    is_waiting_my_approval = fields.Boolean(
        compute="_compute_current_approval_id",
        search="_search_is_waiting_my_approval",
        string="Waiting for My Approval",
    )
    approval_confirmed = fields.Boolean(
        string="Confirmed through Approval",
        copy=False,
        readonly=True,
    )
    date_submitted = fields.Datetime(
        string="Submitted for Approval On", copy=False, readonly=True
    )
    approval_send_email = fields.Boolean(
        string="Email Customer When Approved",
        copy=False,
        readonly=True,
        help="The customer confirmed this order (portal signature or payment): they get the "
        "confirmation email once it is approved.",
    )

    # ------------------------------------------------------------
    # Compute / search / onchange
    # ------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_current_approval_id(self):
        user_groups = self.env.user.groups_id
        for order in self:
            current = order._get_current_approval()
            order.current_approval_id = current
            order.is_waiting_my_approval = (
                bool(current) and current.group_id in user_groups
            )
            order.can_approve = order.is_waiting_my_approval and not (
                order.company_id.sale_approval_forbid_self
                and order.user_id == self.env.user
            )

    def _search_is_waiting_my_approval(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on 'Waiting for My Approval'."))
        # One sub-query on the indexed current steps: the cost does not depend on how many
        # orders wait.
        waiting_domain = [
            ("is_current", "=", True),
            ("group_id", "in", self.env.user.groups_id.ids),
        ]
        positive = (operator == "=") == bool(value)
        return [("approval_ids", "any" if positive else "not any", waiting_domain)]

    def _compute_review_banner(self):
        for order in self:
            record = order._origin
            if not record or order.state not in ("draft", "sent", "to_approve"):
                order.review_banner = False
                order.review_severity = "none"
                continue
            reasons = record._get_review_reasons()
            order.review_severity = self._get_worst_severity(reasons)
            order.review_banner = (
                self._format_reasons_html(reasons) if reasons else False
            )

    def _compute_type_name(self):
        # An order waiting for approval is still a quotation for its documents.
        res = super()._compute_type_name()
        for order in self.filtered(lambda o: o.state == "to_approve"):
            order.type_name = _("Quotation")
        return res

    @api.onchange("partner_id")
    def _onchange_partner_id_order_type(self):
        # Only a proposal in the form: the type of a saved order changes through write(),
        # which renumbers it when needed.
        if self.state in ("draft", "sent") and self.partner_id:
            order_type = self._get_default_order_type(self.partner_id, self.company_id)
            if order_type:
                self.order_type_id = order_type

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_approval_process_fields(vals)
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            type_id = vals.get("order_type_id") or self.env.context.get(
                "default_order_type_id"
            )
            if not type_id:
                partner = self.env["res.partner"].browse(vals.get("partner_id"))
                type_id = self._get_default_order_type(partner, company).id
            if type_id:
                vals["order_type_id"] = type_id
            # Number the order from its type before Odoo falls back to its own sequence.
            if vals.get("name", _("New")) == _("New") and type_id:
                order_type = self.env["sale.order.type"].browse(type_id)
                if order_type.sequence_id:
                    vals["name"] = order_type._get_next_order_number(
                        company, self._get_sequence_date(vals.get("date_order"))
                    )
        return super().create(vals_list)

    def write(self, vals):
        self._check_approval_process_fields(vals)
        self._check_writable_while_waiting(vals)
        if "locked" in vals and not vals["locked"]:
            self._check_can_unlock()
        renumber = self.env["sale.order"]
        if "order_type_id" in vals:
            renumber = self._get_orders_to_renumber(vals)
        res = super().write(vals)
        for order in renumber:
            order.name = order.order_type_id._get_next_order_number(
                order.company_id, self._get_sequence_date(order.date_order)
            )
        if "locked" in vals and not vals["locked"]:
            for order in self.filtered("approval_confirmed"):
                order.message_post(
                    body=_("Order unlocked by %(user)s.", user=self.env.user.name)
                )
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_approve(self, comment=None):
        """Approve the current tier of the orders (by a user allowed on it).

        Records who approved and when, passes the order to the next tier (with an activity for
        its approvers) or, after the last tier, confirms the order through
        :meth:`action_confirm`, which re-runs the review. Returns what ``action_confirm``
        returns (another addon may return a dialog).
        """
        result = True
        for order in self:
            approval = order._record_decision("approved", comment)
            now = approval.date
            order._close_approval_activities()
            next_approval = order._get_round_approvals().filtered(
                lambda a: a.state == "pending"
            )[:1]
            if next_approval:
                next_approval.sudo().write({"is_current": True, "date_submitted": now})
                order._notify_approvers(next_approval)
                order.message_post(
                    body=_(
                        "%(tier)s approved by %(user)s. Now waiting for: %(next)s.",
                        tier=approval.name,
                        user=self.env.user.name,
                        next=next_approval.name,
                    )
                )
                continue
            order.message_post(
                body=_(
                    "%(tier)s approved by %(user)s. The order is fully approved.",
                    tier=approval.name,
                    user=self.env.user.name,
                )
            )
            # sudo: an approver need not have write access to the order (salespeople's
            # "own documents" rule); their right to decide was checked above.
            confirmed = order.sudo().action_confirm()
            if result is True:
                # Keep the first dialog another addon returns (e.g. a credit hold).
                result = confirmed
        return result

    def action_reject(self, reason):
        """Reject the orders waiting for the current user's approval.

        :param str reason: mandatory; posted in the chatter and given to the salesperson
            in an activity. The order goes back to quotation and its pending approvals are
            marked rejected.
        """
        if not reason or not reason.strip():
            raise UserError(_("Please give the reason of the rejection."))
        for order in self:
            order._record_decision("rejected", reason)
            order._get_round_approvals().filtered(
                lambda a: a.state == "pending"
            ).sudo().write({"state": "cancelled", "is_current": False})
            order._close_approval_activities()
            # sudo: same reason as in action_approve.
            order_sudo = order.sudo()
            order_sudo.write({"state": "draft"})
            order_sudo.message_post(
                body=Markup("%s<br/>%s")
                % (
                    _("Rejected by %(user)s.", user=self.env.user.name),
                    reason,
                )
            )
            if order.user_id:
                order_sudo.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=_("Order rejected: %(order)s", order=order.name),
                    note=reason,
                )
        return True

    def action_open_reject_wizard(self):
        """Open the wizard asking the reason of a rejection."""
        return {
            "name": _("Reject Order"),
            "type": "ir.actions.act_window",
            "res_model": "sale.order.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_draft(self):
        """Also accept orders waiting for approval: they are withdrawn."""
        waiting = self.filtered(lambda o: o.state == "to_approve")
        for order in waiting:
            order._withdraw_approvals()
            order.message_post(body=_("Approval request withdrawn."))
        if waiting:
            waiting.write({"state": "draft"})
        return super(SaleOrder, self - waiting).action_draft()

    def _action_cancel(self):
        for order in self.filtered(lambda o: o.state == "to_approve"):
            order._withdraw_approvals()
        return super()._action_cancel()

    def _action_confirm(self):
        # The order type's route (e.g. MTO) must be on the lines before sale_stock launches
        # the procurements below.
        for order in self.filtered("order_type_id.route_id"):
            lines = order.order_line.filtered(
                lambda line: not line.route_id
                and not line.display_type
                and line.product_id.type == "consu"
            )
            if lines:
                lines.write({"route_id": order.order_type_id.route_id.id})
        return super()._action_confirm()

    # ------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------

    def _check_writable_while_waiting(self, vals):
        """Refuse changes of the commercial content of orders waiting for approval."""
        frozen = COMMERCIAL_FIELDS.intersection(vals)
        if not frozen:
            return
        waiting = self.filtered(lambda o: o.state == "to_approve")
        if waiting:
            raise UserError(
                _(
                    "Order %(order)s is waiting for approval: its customer, lines, prices "
                    "and terms cannot change. Set it back to quotation to modify it, then "
                    "submit it again.",
                    order=waiting[0].name,
                )
            )

    def _check_approval_process_fields(self, vals):
        """Refuse direct writes of what only the approval process records."""
        if self.env.su:
            return
        if (
            APPROVAL_PROCESS_FIELDS.intersection(vals)
            or vals.get("state") == "to_approve"
        ):
            raise AccessError(
                _(
                    "Approvals are recorded by the approval process only: use Confirm to "
                    "submit an order, and Approve or Reject to decide."
                )
            )

    def _check_can_unlock(self):
        """Only sales administrators unlock orders confirmed through approval."""
        if self.filtered("approval_confirmed") and not self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            raise UserError(
                _(
                    "This order was confirmed through approval: only a sales administrator "
                    "can unlock it."
                )
            )

    def _get_orders_to_renumber(self, vals):
        """Orders whose new type numbers them with another sequence (checked before write)."""
        new_type = self.env["sale.order.type"].browse(vals["order_type_id"])
        changed = self.filtered(lambda o: o.order_type_id != new_type)
        if changed.filtered(lambda o: o.state not in ("draft", "sent", "to_approve")):
            raise UserError(
                _("The order type of a confirmed or cancelled order cannot change.")
            )
        if "name" in vals:
            return self.env["sale.order"]
        return changed.filtered(
            lambda o: o.order_type_id.sequence_id != new_type.sequence_id
        )

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    @api.model
    def _get_default_order_type(self, partner, company):
        """Order type of a new order: the customer's, else the company's default, else the
        first type available in the company."""
        allowed = (False, company.id)
        for order_type in (
            partner.sale_order_type_id,
            partner.commercial_partner_id.sale_order_type_id,
            company.sale_order_type_id,
        ):
            if order_type and order_type.company_id.id in allowed:
                return order_type
        return self.env["sale.order.type"].search(
            [("company_id", "in", allowed)], limit=1
        )

    @api.model
    def _get_sequence_date(self, date_order):
        """The date (user's timezone) that picks the numbering's date range, as Odoo does."""
        if not date_order:
            return None
        return fields.Datetime.context_timestamp(
            self, fields.Datetime.to_datetime(date_order)
        )
