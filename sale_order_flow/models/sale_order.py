# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import contextlib
from contextvars import ContextVar

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import get_computed_fields, refuse_computed_fields

# Written by the approval process only (with sudo): a user writing them directly could
# unlock an approved order or pass an approval round off as complete.
APPROVAL_PROCESS_FIELDS = {
    "approval_round",
    "approval_confirmed",
    "approval_send_email",
    "date_submitted",
    "review_summary",
}

# An order enters or leaves these states only through the confirmation gate and the
# approval process (see _check_state_change).
GATED_STATES = frozenset({"to_approve", "sale"})

# Orders whose state the gate and the approval process are moving right now: only these may
# cross into or out of GATED_STATES. A context variable, not a key of the environment's
# context, which RPC callers choose freely.
_STATE_CHANGE_ALLOWED = ContextVar(
    "sale_order_flow_state_change_allowed", default=frozenset()
)


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

    # --- review (the review panel: sale_order_review_panel.py) ---
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
    approval_complete = fields.Boolean(
        compute="_compute_approval_frozen",
        help="Every step of the current submission is approved: the order only waits to be "
        "confirmed (e.g. after a credit hold, or once what blocked it is fixed).",
    )
    approval_frozen = fields.Boolean(
        compute="_compute_approval_frozen",
        help="What the approvers decided on cannot change: the order waits for approval, or "
        "was confirmed through approval and is locked.",
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
        user = self.env.user
        rights = self.env["sale.order.approval"]._get_decider_rights(user)
        for order in self:
            current = order._get_current_approval()
            order.current_approval_id = current
            order.is_waiting_my_approval = bool(
                current and current._get_decision_route(user, rights)
            )
            order.can_approve = order.is_waiting_my_approval and not (
                order.company_id.sale_approval_forbid_self
                and user in (order.user_id | current.create_uid)
            )

    def _search_is_waiting_my_approval(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on 'Waiting for My Approval'."))
        # One sub-query on the indexed current steps (who may decide them: see
        # sale_order_approval_eligibility.py): the cost does not depend on how many orders
        # wait.
        positive = (operator == "=") == bool(value)
        return [
            (
                "approval_ids",
                "any" if positive else "not any",
                [("can_decide", "=", True)],
            )
        ]

    @api.depends("state", "approval_confirmed", "locked", "approval_ids.state")
    def _compute_approval_frozen(self):
        for order in self:
            order.approval_complete = (
                order.state == "to_approve" and order._is_approval_complete()
            )
            order.approval_frozen = order._is_approval_frozen()

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
            self._refuse_computed_fields(vals, company=company)
            if vals.get("state") in GATED_STATES and not self._is_installing():
                raise UserError(self._get_state_change_error())
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
        self._refuse_computed_fields(vals)
        self._check_state_change(vals)
        if "locked" in vals and not vals["locked"]:
            self._check_can_unlock()
        renumber = self.env["sale.order"]
        if "order_type_id" in vals:
            renumber = self._get_orders_to_renumber(vals)
        frozen = self._get_frozen_orders()
        snapshot = frozen._get_frozen_snapshot()
        confirmed = self._get_confirmed_terms_snapshot(vals, frozen)
        res = super().write(vals)
        frozen._check_frozen_snapshot(snapshot)
        self._check_confirmed_terms(confirmed)
        for order in renumber:
            order.name = order.order_type_id._get_next_order_number(
                order.company_id, self._get_sequence_date(order.date_order)
            )
        if "locked" in vals and not vals["locked"]:
            for order in self.filtered("approval_confirmed"):
                order._message_log(
                    body=_("Order unlocked by %(user)s.", user=self.env.user.name)
                )
        return res

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._set_frozen_fields_readonly(arch)
        return arch, view

    def _action_confirm(self):
        # The order type's route (e.g. MTO) must be on the lines before sale_stock launches
        # the procurements below.
        for order in self.filtered("order_type_id.route_id"):
            lines = order.order_line.filtered(
                lambda line: not line.route_id
                and not line.display_type
                and line.product_id.type == "consu"
            )
            replenished = lines._filter_replenishable_on_order()
            if replenished:
                replenished.write({"route_id": order.order_type_id.route_id.id})
            if lines - replenished:
                order._log_delivered_from_stock(lines - replenished)
        return super()._action_confirm()

    # ------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------

    def _check_state_change(self, vals):
        """Refuse to move orders into or out of "to_approve" and "sale" by writing ``state``.

        Only the confirmation gate (``action_confirm``), the approval process (withdraw,
        reject) and cancellation move orders across these states: they check what has to be
        checked first (review, approval, credit). A plain write would skip all of it, so it is
        refused to every user, superuser included; only module installation may (data files).
        """
        if "state" not in vals or self._is_installing():
            return
        allowed = _STATE_CHANGE_ALLOWED.get()
        for order in self:
            crossing = vals["state"] != order.state and (
                vals["state"] in GATED_STATES or order.state in GATED_STATES
            )
            if crossing and order.id not in allowed:
                raise UserError(self._get_state_change_error())

    @api.model
    def _get_state_change_error(self):
        return _(
            "The status of an order changes through its buttons only: Confirm (which "
            "submits the order for approval or holds it when needed), Approve, Reject, "
            "Withdraw and Cancel."
        )

    def _is_installing(self):
        """Whether modules are being installed or updated (data files set states freely)."""
        return self.env.su and not self.pool.ready

    @contextlib.contextmanager
    def _allow_state_change(self):
        """Let the orders of ``self`` cross into or out of "to_approve" and "sale" for the
        duration of the ``with`` block (confirmation gate and approval process only)."""
        token = _STATE_CHANGE_ALLOWED.set(_STATE_CHANGE_ALLOWED.get() | set(self.ids))
        try:
            yield
        finally:
            _STATE_CHANGE_ALLOWED.reset(token)

    @api.model
    def _get_frozen_fields(self):
        """Names of the order fields that an approval decision protects.

        Refused while the order waits for approval and once it was confirmed through
        approval and locked (``approval_frozen``); the form shows them read-only then. The
        lines are protected by ``sale.order.line._get_frozen_fields``. Override to protect
        more fields: the write guard and the form follow.
        """
        return [
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "pricelist_id",
            "currency_id",
            "payment_term_id",
            "fiscal_position_id",
            "company_id",
            "order_type_id",
            "warehouse_id",
            "commitment_date",
            "date_order",
            "sale_order_template_id",
            "validity_date",
            "specification",
            "order_line",
        ]

    def _is_approval_frozen(self):
        """Whether the content the approvers decided on is protected now."""
        self.ensure_one()
        return self.state == "to_approve" or (
            self.state == "sale" and self.approval_confirmed and self.locked
        )

    def _get_frozen_orders(self):
        """The orders of ``self`` whose approved content is protected now (an order the
        gate or the approval process is moving is not: Odoo sets its confirmation date)."""
        allowed = _STATE_CHANGE_ALLOWED.get()
        return self.filtered(
            lambda order: order.id not in allowed and order._is_approval_frozen()
        )

    def _get_frozen_snapshot(self):
        """What the frozen orders hold now: their frozen fields and those of their lines."""
        fnames = [f for f in self._get_frozen_fields() if f != "order_line"]
        return {
            order.id: (
                {fname: order[fname] for fname in fnames},
                order.order_line._get_frozen_snapshot(),
            )
            for order in self
        }

    def _check_frozen_snapshot(self, snapshot):
        """Raise if a frozen order or one of its lines differs from ``snapshot``."""
        for order in self:
            values, lines = snapshot[order.id]
            changed = [
                fname for fname, value in values.items() if order[fname] != value
            ]
            if changed:
                order._raise_frozen(
                    [order._fields[f]._description_string(self.env) for f in changed]
                )
            order.order_line._check_frozen_snapshot(lines)

    @api.model
    def _get_refused_computed_fields(self):
        """Stored computed fields of the order that users may not set (see
        ``tools.refuse_computed_fields``). The currency is left settable, as Odoo itself
        sets it by hand (its own tests do, on quotations and on confirmed orders): the
        frozen content and the confirmed terms protect it where a control depends on it."""
        return get_computed_fields(self) - {"currency_id"}

    def _has_sale_controls(self):
        """Whether a control of these addons applies to this order: it was confirmed
        through approval, or its company has a control (see
        :meth:`_company_has_sale_controls`).

        Where none applies, the order behaves as in stock Odoo: installing the addons
        changes nothing until a control is configured."""
        self.ensure_one()
        return bool(
            self.approval_confirmed or self._company_has_sale_controls(self.company_id)
        )

    @api.model
    def _company_has_sale_controls(self, company):
        """Whether ``company`` reviews orders or has approval tiers. Override to add the
        controls of another addon (``sale_credit_guard``: the credit policy)."""
        return bool(
            company.sale_check_price_tolerance
            or company.sale_check_below_cost
            or company.sale_stock_check not in (False, "none")
            # sudo: tiers are configuration; whether any exists decides nothing else.
            or self.env["sale.approval.tier"].sudo()._get_company_tier_ids(company.id)
        )

    def _refuse_computed_fields(self, vals, company=None):
        """Refuse ``vals`` setting computed figures of controlled orders of ``self`` (or,
        creating, of orders of ``company``): those figures feed the controls (review,
        approval amount, exposure). Where no control applies, Odoo's own code and tests
        set some of them by hand, as in stock Odoo."""
        if self.env.su or not vals:
            return
        controlled = (
            self._company_has_sale_controls(company)
            if company is not None
            else any(order._has_sale_controls() for order in self)
        )
        if controlled:
            refuse_computed_fields(
                self, vals, fnames=self._get_refused_computed_fields()
            )

    @api.model
    def _get_confirmed_terms(self):
        """Names of the order fields that cannot change once the order is confirmed (Odoo's
        form shows them read-only then): the customer, company and currency the
        confirmation checked (credit, approval amount), and the date of its rates. Orders
        confirmed through approval and locked protect more (``_get_frozen_fields``).
        Override to protect more fields."""
        return ["partner_id", "company_id", "pricelist_id", "currency_id", "date_order"]

    def _get_confirmed_terms_snapshot(self, vals, frozen):
        """``{order: {field: value}}`` of the confirmed terms (``_get_confirmed_terms``)
        that ``vals`` may change on the confirmed orders of ``self`` that are not
        ``frozen`` (those are checked by the frozen snapshot) nor being confirmed now."""
        fnames = set(self._get_confirmed_terms()).intersection(vals)
        if not fnames or self.env.su:
            return {}
        allowed = _STATE_CHANGE_ALLOWED.get()
        orders = self.filtered(
            lambda o: o.state == "sale"
            and o.id not in allowed
            and o not in frozen
            and o._has_sale_controls()
        )
        return {order: {fname: order[fname] for fname in fnames} for order in orders}

    def _check_confirmed_terms(self, snapshot):
        """Raise if a confirmed term of an order of ``snapshot`` changed."""
        for order, values in snapshot.items():
            changed = [
                fname for fname, value in values.items() if order[fname] != value
            ]
            if changed:
                raise UserError(
                    _(
                        "Order %(order)s is confirmed: %(fields)s cannot change. Cancel "
                        "it and enter a new order.",
                        order=order.name,
                        fields=", ".join(
                            sorted(
                                order._fields[f]._description_string(self.env)
                                for f in changed
                            )
                        ),
                    )
                )

    def _raise_frozen(self, labels):
        """Refuse a change of ``labels`` (field names as users read them) on this frozen
        order."""
        self.ensure_one()
        labels = ", ".join(sorted(set(labels)))
        if self.state == "to_approve":
            message = _(
                "Order %(order)s is waiting for approval: %(fields)s cannot change. Withdraw "
                "it to modify it, then confirm it again.",
                order=self.name,
                fields=labels,
            )
        else:
            message = _(
                "Order %(order)s was confirmed through approval and is locked: %(fields)s "
                "cannot change. A sales administrator can unlock it.",
                order=self.name,
                fields=labels,
            )
        raise UserError(message)

    @api.model
    def _set_frozen_fields_readonly(self, arch):
        """Make the frozen fields of the order form (and of its lines) read-only while the
        order is frozen, so the form never offers an edit that saving would refuse."""
        order_fields = set(self._get_frozen_fields())
        Line = self.env["sale.order.line"]
        line_fields = set(Line._get_frozen_fields())
        for node in arch.iter("field"):
            container = next(node.iterancestors("field"), None)
            name = node.get("name")
            if container is None:
                if name in order_fields:
                    self._add_readonly_condition(node, self, "approval_frozen")
            elif container.get("name") == "order_line":
                if name in line_fields:
                    self._add_readonly_condition(node, Line, "parent.approval_frozen")

    @api.model
    def _add_readonly_condition(self, node, model, condition):
        """Make the field ``node`` (of ``model``) read-only also when ``condition`` holds."""
        readonly = (node.get("readonly") or "").strip()
        if not readonly and model._fields[node.get("name")].readonly:
            return  # read-only by definition
        if readonly in ("1", "True", "true"):
            return
        if readonly and readonly not in ("0", "False", "false"):
            condition = f"({readonly}) or {condition}"
        node.set("readonly", condition)

    def _check_approval_process_fields(self, vals):
        """Refuse direct writes of what only the approval process records."""
        if self.env.su:
            return
        if APPROVAL_PROCESS_FIELDS.intersection(vals):
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

    def _log_delivered_from_stock(self, lines):
        """Say in the chatter which products of this make-to-order order are delivered from
        stock because nothing can make or buy them on order."""
        self.ensure_one()
        self._message_log(
            body=_(
                "Delivered from stock, not replenished on order: %(products)s. Nothing "
                "makes or buys them on order: give them a bill of materials and the "
                "Manufacture route, or a vendor and the Buy route.",
                products=", ".join(lines.product_id.mapped("display_name")),
            )
        )

    def _get_delivery_priority(self):
        """Priority of the deliveries of this order ("1": starred, "0": normal).

        Starred deliveries reserve stock before the others (Odoo reserves by priority, then
        date): the orders of key customers (``res.partner.sale_priority_customer`` on the
        customer's company). Override to star other orders.
        """
        self.ensure_one()
        return (
            "1" if self.partner_id.commercial_partner_id.sale_priority_customer else "0"
        )

    @api.model
    def _get_sequence_date(self, date_order):
        """The date (user's timezone) that picks the numbering's date range, as Odoo does."""
        if not date_order:
            return None
        return fields.Datetime.context_timestamp(
            self, fields.Datetime.to_datetime(date_order)
        )
