# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date
from odoo.tools.misc import formatLang

# Fields that make the commercial content of an order: frozen while it waits for approval.
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

SEVERITY_ORDER = {"warn": 1, "review": 2, "block": 3}


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
        to_confirm = self - self.browse([order.id for order in to_submit])
        if not to_confirm:
            return True
        res = super(SaleOrder, to_confirm).action_confirm()
        confirmed = from_approval.filtered(lambda o: o.state == "sale")
        if confirmed:
            confirmed.write({"approval_confirmed": True, "locked": True})
        return res

    def action_approve(self, comment=None):
        """Approve the current tier of the orders (by a user allowed on it).

        Records who approved and when, passes the order to the next tier (with an activity for
        its approvers) or, after the last tier, confirms the order through
        :meth:`action_confirm`, which re-runs the review. Returns what ``action_confirm``
        returns (another addon may return a dialog).
        """
        result = True
        for order in self:
            approval = order._check_can_decide()
            now = fields.Datetime.now()
            # sudo: approvals are read-only for users; the rights were checked just above.
            approval.sudo().write(
                {
                    "state": "approved",
                    "is_current": False,
                    "user_id": self.env.user.id,
                    "date": now,
                    "comment": comment or False,
                }
            )
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
            result = order.sudo().action_confirm()
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
            approval = order._check_can_decide()
            now = fields.Datetime.now()
            # sudo: approvals are read-only for users; the rights were checked just above.
            approval.sudo().write(
                {
                    "state": "rejected",
                    "is_current": False,
                    "user_id": self.env.user.id,
                    "date": now,
                    "comment": reason,
                }
            )
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

    def _validate_order(self):
        # The portal's sign-and-pay path: a customer can never confirm an order that needs
        # approval (action_confirm submits it), and blocking reasons must not show the customer
        # an error: the quotation stays signed and the salesperson is told what to fix.
        for order in self:
            blocking = [
                r for r in order._get_review_reasons() if r["severity"] == "block"
            ]
            if blocking:
                order._notify_blocked_acceptance(blocking)
                return None
        return super()._validate_order()

    def _confirmation_error_message(self):
        # Odoo only confirms quotations; an order whose approvals are complete may be confirmed
        # too (its content could not change while it waited).
        if self.state == "to_approve" and self._is_approval_complete():
            return False
        return super()._confirmation_error_message()

    # ------------------------------------------------------------
    # Review: the one place where an order is evaluated
    # ------------------------------------------------------------

    def _get_review_reasons(self):
        """Evaluate the order and return the reasons that stop or hold its confirmation.

        Each reason is a dict ``{"code", "severity", "message", "line_id"}`` where severity is
        ``"block"`` (must be fixed before submission), ``"review"`` (needs approval) or
        ``"warn"`` (informational only). Override to add reasons (call super() first).
        The number of queries does not depend on the number of lines.
        """
        self.ensure_one()
        reasons = self._get_mandatory_data_reasons()
        lines = self.order_line.filtered(
            lambda line: not line.display_type
            and line.product_id
            and not line.is_downpayment
        )
        company = self.company_id
        if lines and company.sale_check_price_tolerance:
            reasons += self._get_price_reasons(lines)
        if lines and company.sale_check_below_cost:
            reasons += self._get_cost_reasons(lines)
        if lines and company.sale_stock_check != "none":
            reasons += self._get_stock_reasons(lines)
        return reasons

    def _get_mandatory_data_reasons(self):
        """Blocking reasons for the data the order type makes mandatory."""
        self.ensure_one()
        order_type = self.order_type_id
        if not order_type:
            return []
        reasons = []
        required = [
            (
                order_type.require_client_order_ref and not self.client_order_ref,
                "missing_client_order_ref",
                _("Enter the customer reference."),
            ),
            (
                order_type.require_commitment_date and not self.commitment_date,
                "missing_commitment_date",
                _("Enter the delivery date."),
            ),
            (
                order_type.require_specification and not self.specification,
                "missing_specification",
                _("Describe the customer's specification."),
            ),
            (
                order_type.require_delivery_address
                and not (
                    self.partner_shipping_id.country_id and self.partner_shipping_id.zip
                ),
                "incomplete_delivery_address",
                _("Complete the delivery address with a country and a ZIP code."),
            ),
        ]
        for missing, code, message in required:
            if missing:
                reasons.append(
                    self._make_review_reason(
                        code,
                        "block",
                        _(
                            "%(type)s orders need more data: %(what)s",
                            type=order_type.name,
                            what=message,
                        ),
                    )
                )
        if order_type.service_only:
            for line in self.order_line:
                if line.product_id and line.product_id.type != "service":
                    reasons.append(
                        self._make_review_reason(
                            "not_a_service",
                            "block",
                            _(
                                "%(product)s is not a service: %(type)s orders sell "
                                "services only. Remove the line or change the order type.",
                                product=line.product_id.display_name,
                                type=order_type.name,
                            ),
                            line,
                        )
                    )
        route = order_type.route_id
        if route and not route.active:
            reasons.append(
                self._make_review_reason(
                    "archived_route",
                    "block",
                    _(
                        "The route %(route)s of the order type %(type)s is archived. "
                        "Ask an administrator to unarchive it (Inventory > Configuration "
                        "> Routes) or to change the order type.",
                        route=route.name,
                        type=order_type.name,
                    ),
                )
            )
        return reasons

    def _get_price_reasons(self, lines):
        """Review reasons for lines sold below the pricelist price beyond the tolerance.

        The pricelist rules are fetched once for all the products, then each line takes the
        rule Odoo would apply to it.
        """
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        tolerance = company.sale_price_tolerance or 0.0
        date = self.date_order or fields.Datetime.now()
        products = lines.product_id
        rules = (
            self.pricelist_id._get_applicable_rules(products, date)
            if self.pricelist_id
            else self.env["product.pricelist.item"]
        )
        no_rule = self.env["product.pricelist.item"]
        reasons = []
        for line in lines:
            product = line.product_id
            quantity = line.product_uom_qty or 1.0
            qty_in_product_uom = line.product_uom._compute_quantity(
                quantity, product.uom_id, raise_if_failure=False
            )
            rule = next(
                (r for r in rules if r._is_applicable_for(product, qty_in_product_uom)),
                no_rule,
            )
            pricelist_price = rule._compute_price(
                product.with_context(**line._get_product_price_context()),
                quantity,
                line.product_uom,
                date=date,
                currency=currency,
            )
            # Compare like with like: price_unit includes the taxes that are included in
            # the price, as Odoo computes it from the pricelist.
            reference = product._get_tax_included_unit_price_from_price(
                pricelist_price,
                product_taxes=product.taxes_id.filtered(
                    lambda tax: tax.company_id == company
                ),
                fiscal_position=self.fiscal_position_id,
            )
            if reference <= 0:
                continue
            net_price = line.price_unit * (1.0 - (line.discount or 0.0) / 100.0)
            floor = reference * (1.0 - tolerance / 100.0)
            if currency.compare_amounts(net_price, floor) < 0:
                reasons.append(
                    self._make_review_reason(
                        "price_below_tolerance",
                        "review",
                        _(
                            "%(product)s: net price %(price)s is %(gap).1f%% below the "
                            "pricelist price %(reference)s (tolerance %(tolerance).1f%%).",
                            product=product.display_name,
                            price=self._format_amount(net_price),
                            gap=(1.0 - net_price / reference) * 100.0,
                            reference=self._format_amount(reference),
                            tolerance=tolerance,
                        ),
                        line,
                    )
                )
        return reasons

    def _get_cost_reasons(self, lines):
        """Review reasons for lines whose net unit price (untaxed) is below product cost."""
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        # One read of the company-dependent cost for all products.
        costs = {
            product.id: product.standard_price
            for product in lines.product_id.with_company(company)
        }
        # currency_rate converts the company currency (costs) into the order currency.
        rate = self.currency_rate or 1.0
        reasons = []
        for line in lines:
            if not line.product_uom_qty:
                continue
            product = line.product_id
            cost = (
                product.uom_id._compute_price(costs[product.id], line.product_uom)
                * rate
            )
            net_price = line.price_subtotal / line.product_uom_qty
            if cost > 0 and currency.compare_amounts(net_price, cost) < 0:
                reasons.append(
                    self._make_review_reason(
                        "price_below_cost",
                        "review",
                        _(
                            "%(product)s: sold at %(price)s, below its cost %(cost)s.",
                            product=product.display_name,
                            price=self._format_amount(net_price),
                            cost=self._format_amount(cost),
                        ),
                        line,
                    )
                )
        return reasons

    def _get_stock_reasons(self, lines):
        """Reasons for storable products whose forecast on the delivery date is too low.

        Severity follows the company setting (warn / review / block). Orders whose type
        replenishes on order (a route on the type) are not checked: the stock will be made.
        """
        self.ensure_one()
        if self.order_type_id.route_id:
            return []
        severity = self.company_id.sale_stock_check
        lines = lines.filtered(
            lambda line: line.product_id.is_storable and not line.route_id
        )
        if not lines:
            return []
        date = self.commitment_date or self.expected_date or fields.Datetime.now()
        needed = {}
        for line in lines:
            product = line.product_id
            needed[product] = needed.get(
                product, 0.0
            ) + line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id, raise_if_failure=False
            )
        # One batch computation of the forecast for every product of the order.
        products = lines.product_id.with_context(
            to_date=date, warehouse_id=self.warehouse_id.id
        )
        # The forecast must be fresh: stock may have moved since it was last computed in
        # this transaction (e.g. between submission and the last approval).
        products.invalidate_recordset(["virtual_available"])
        forecast = {product.id: product.virtual_available for product in products}
        reasons = []
        for product, quantity in needed.items():
            available = forecast.get(product.id, 0.0)
            if (
                float_compare(
                    quantity, available, precision_rounding=product.uom_id.rounding
                )
                > 0
            ):
                reasons.append(
                    self._make_review_reason(
                        "stock_shortage",
                        severity,
                        _(
                            "%(product)s: %(quantity)s %(uom)s ordered, forecast %(available)s"
                            " %(uom)s on %(date)s in %(warehouse)s.",
                            product=product.display_name,
                            quantity=quantity,
                            available=available,
                            uom=product.uom_id.name,
                            date=format_date(self.env, date),
                            warehouse=self.warehouse_id.name or "-",
                        ),
                    )
                )
        return reasons

    @api.model
    def _make_review_reason(self, code, severity, message, line=None):
        """Build one review reason in the structure of :meth:`_get_review_reasons`."""
        return {
            "code": code,
            "severity": severity,
            "message": message,
            "line_id": line.id if line else False,
        }

    # ------------------------------------------------------------
    # Approval flow
    # ------------------------------------------------------------

    def _needs_approval(self, reasons):
        """Whether the order must go to approval given its review ``reasons``.

        True when a reason needs review, the order type always needs approval or a tier's
        threshold is reached. Override to add conditions.
        """
        self.ensure_one()
        return bool(
            any(r["severity"] == "review" for r in reasons)
            or self.order_type_id.always_approve
            or self._get_required_tiers(reasons)
        )

    def _get_required_tiers(self, reasons):
        """Return the tiers the order needs, lowest level first.

        Every tier of the company and type whose threshold the untaxed amount (company
        currency) reaches; a review reason or an "always approve" type adds at least the
        first tier.
        """
        self.ensure_one()
        tiers = (
            self.env["sale.approval.tier"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
            .filtered(lambda tier: tier._applies_to_type(self.order_type_id))
        )
        if not tiers:
            return tiers
        amount = self._get_approval_amount()
        currency = self.company_id.currency_id
        required = tiers.filtered(
            lambda tier: currency.compare_amounts(amount, tier.min_amount) >= 0
        )
        if (
            any(r["severity"] == "review" for r in reasons)
            or self.order_type_id.always_approve
        ):
            required |= tiers[:1]
        return required.sorted(lambda tier: (tier.sequence, tier.id))

    def _get_approval_amount(self):
        """Untaxed amount of the order in company currency, compared to tier thresholds."""
        self.ensure_one()
        return self.amount_untaxed / (self.currency_rate or 1.0)

    def _submit_for_approval(self, reasons):
        """Put the order in ``to_approve`` with one approval step per required tier."""
        self.ensure_one()
        tiers = self._get_required_tiers(reasons)
        now = fields.Datetime.now()
        round_number = self.approval_round + 1
        if tiers:
            steps = [
                {
                    "tier_id": tier.id,
                    "name": tier.name,
                    "sequence": tier.sequence,
                    "group_id": tier.group_id.id,
                }
                for tier in tiers
            ]
        else:
            # No tier applies: the Approver group decides.
            steps = [
                {
                    "name": _("Approver"),
                    "sequence": 0,
                    "group_id": self.env.ref("sale_order_flow.group_sale_approver").id,
                }
            ]
        for index, step in enumerate(steps):
            step.update(
                order_id=self.id,
                round=round_number,
                is_current=index == 0,
                date_submitted=now if index == 0 else False,
            )
        # sudo: approvals are read-only for users; the submission creates them.
        approvals = self.env["sale.order.approval"].sudo().create(steps)
        # sudo: the portal path submits as the customer; the order is checked by the caller.
        self.sudo().write(
            {
                "state": "to_approve",
                "approval_round": round_number,
                "date_submitted": now,
                "review_summary": "\n".join(r["message"] for r in reasons) or False,
            }
        )
        body = Markup("<p>%s</p>") % _(
            "Submitted for approval (%(tiers)s).",
            tiers=", ".join(approvals.mapped("name")),
        )
        if reasons:
            body += self._format_reasons_html(reasons)
        self.message_post(body=body)
        self._notify_approvers(approvals[:1])

    def _get_round_approvals(self):
        """Approval steps of the current submission, in the order they are approved."""
        self.ensure_one()
        return self.approval_ids.filtered(
            lambda a: a.round == self.approval_round
        ).sorted(lambda a: (a.sequence, a.id))

    def _get_current_approval(self):
        """The step waiting for a decision now (empty when the order does not wait)."""
        self.ensure_one()
        if self.state != "to_approve":
            return self.env["sale.order.approval"]
        return self.approval_ids.filtered("is_current")[:1]

    def _is_approval_complete(self):
        """Whether every step of the current submission is approved."""
        self.ensure_one()
        approvals = self._get_round_approvals()
        return bool(approvals) and all(a.state == "approved" for a in approvals)

    def _check_can_decide(self):
        """Return the current step if the current user may approve or reject it, else raise."""
        self.ensure_one()
        approval = self._get_current_approval()
        if not approval:
            raise UserError(
                _("Order %(order)s is not waiting for approval.", order=self.name)
            )
        if approval.group_id not in self.env.user.groups_id:
            raise UserError(
                _(
                    "Order %(order)s waits for %(tier)s; only members of %(group)s can "
                    "approve or reject it.",
                    order=self.name,
                    tier=approval.name,
                    group=approval.group_id.display_name,
                )
            )
        if self.company_id.sale_approval_forbid_self and self.user_id == self.env.user:
            raise UserError(
                _(
                    "You are the salesperson of %(order)s: another approver must decide.",
                    order=self.name,
                )
            )
        return approval

    def _withdraw_approvals(self):
        """Cancel the pending steps of the order (withdrawal, cancellation)."""
        self.ensure_one()
        # sudo: approvals are read-only for users.
        self._get_round_approvals().filtered(
            lambda a: a.state == "pending"
        ).sudo().write({"state": "cancelled", "is_current": False})
        self._close_approval_activities()

    def _get_approvers(self, approval):
        """Users who decide the step ``approval``: internal members of its group allowed in
        the order's company. Override to route approvals differently."""
        self.ensure_one()
        return approval.group_id.sudo().users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )

    def _notify_approvers(self, approval):
        """Schedule an approval activity for each approver of ``approval``."""
        self.ensure_one()
        activity_type = self.env.ref("sale_order_flow.mail_activity_sale_approval")
        # sudo: the submitter or previous approver may not have access to the order for
        # other users' activities.
        order_sudo = self.sudo()
        for user in self._get_approvers(approval):
            order_sudo.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Approve %(tier)s", tier=approval.name),
            )

    def _close_approval_activities(self):
        """Mark the current user's approval activities done and remove the others."""
        xmlid = "sale_order_flow.mail_activity_sale_approval"
        # sudo: activities of other approvers are removed with the decision.
        order_sudo = self.sudo()
        order_sudo.activity_feedback([xmlid], user_id=self.env.user.id)
        order_sudo.activity_unlink([xmlid])

    def _notify_blocked_acceptance(self, reasons):
        """Tell the salesperson that a customer accepted a quotation that cannot be
        confirmed yet (portal path)."""
        self.ensure_one()
        order_sudo = self.sudo()
        order_sudo.message_post(
            body=Markup("<p>%s</p>")
            % _("The customer accepted the quotation, but it cannot be confirmed yet:")
            + self._format_reasons_html(reasons)
        )
        if self.user_id:
            order_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=_("Accepted quotation blocked: %(order)s", order=self.name),
                note="\n".join(r["message"] for r in reasons),
            )

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

    def _get_report_approvals(self):
        """Approved steps printed on the order once it is confirmed through approval."""
        self.ensure_one()
        if not self.approval_confirmed:
            return self.env["sale.order.approval"]
        # sudo: the trail is printed for whoever may print the order (the customer too).
        return (
            self.sudo()._get_round_approvals().filtered(lambda a: a.state == "approved")
        )

    def _get_export_reasons(self):
        """Review reasons as text for exports: live while the order is open, else those
        found at its last submission."""
        self.ensure_one()
        if self.state in ("draft", "sent", "to_approve"):
            return "\n".join(r["message"] for r in self._get_review_reasons())
        return self.review_summary or ""

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
        if not date_order:
            return None
        return fields.Datetime.context_timestamp(
            self, fields.Datetime.to_datetime(date_order)
        )

    @api.model
    def _get_worst_severity(self, reasons):
        worst = max((SEVERITY_ORDER.get(r["severity"], 0) for r in reasons), default=0)
        return {0: "none", 1: "warn", 2: "review", 3: "block"}[worst]

    @api.model
    def _format_reasons_html(self, reasons):
        """Reasons as an HTML list, blocking first."""
        labels = {
            "block": _("Blocking"),
            "review": _("Needs approval"),
            "warn": _("Warning"),
        }
        items = Markup("").join(
            Markup("<li><b>%s:</b> %s</li>")
            % (labels.get(r["severity"], r["severity"]), r["message"])
            for r in sorted(
                reasons, key=lambda r: -SEVERITY_ORDER.get(r["severity"], 0)
            )
        )
        return Markup("<ul>%s</ul>") % items

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _raise_if_blocking(self, reasons):
        blocking = [r["message"] for r in reasons if r["severity"] == "block"]
        if blocking:
            raise UserError(
                _(
                    "Order %(order)s cannot be confirmed yet. Fix the following and try "
                    "again:\n%(reasons)s",
                    order=self.name,
                    reasons="\n".join(f"- {message}" for message in blocking),
                )
            )
