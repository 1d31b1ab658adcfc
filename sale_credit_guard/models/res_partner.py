# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import operator as py_operator

from odoo import api, fields, models
from odoo.addons.sale_order_flow.tools import (
    MAX_AMOUNT,
    MAX_DAYS,
    check_number_fields,
    check_number_values,
    refuse_computed_fields,
)
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, formatLang

# EMPTY_EXPOSURE is imported from here by other files of the addon.
from .sale_credit_exposure import EMPTY_EXPOSURE, EMPTY_FIGURES

# Partner fields only a credit controller may change.
CREDIT_CONTROLLED_FIELDS = (
    "credit_limit",
    "use_partner_credit_limit",
    "credit_hold",
    "credit_overdue_custom",
    "credit_overdue_grace_days",
    "credit_overdue_min_amount",
    "credit_limit_temporary",
    "credit_limit_temporary_expiry",
)

# Numeric credit terms of a customer and their bounds (see sale_order_flow.tools).
CREDIT_NUMBER_BOUNDS = {
    "credit_limit": (0.0, MAX_AMOUNT),
    "credit_overdue_grace_days": (0, MAX_DAYS),
    "credit_overdue_min_amount": (0.0, MAX_AMOUNT),
    "credit_limit_temporary": (0.0, MAX_AMOUNT),
}

# Partner fields that decide its commercial entity, whose manual credit hold applies.
COMMERCIAL_ENTITY_FIELDS = ("parent_id", "is_company")

COMPARATORS = {
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
    "=": py_operator.eq,
    "!=": py_operator.ne,
}

# Searchable credit fields and the figure of ``sale.credit.exposure`` they show.
SEARCHABLE_FIGURES = {
    "credit_exposure": "exposure",
    "credit_available": "available",
    "credit_overdue_amount": "overdue_amount",
    "credit_overdue_days": "overdue_days",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS ===

    # Manual hold, per company like Odoo's credit_limit: a customer blocked by the
    # controller of one company can still buy from a sister company.
    credit_limit = fields.Float(tracking=True)
    credit_hold = fields.Boolean(
        string="Credit Hold",
        company_dependent=True,
        copy=False,
        tracking=True,
        help="Set by a credit controller: every order of this customer in the current "
        "company is put on credit hold until released. Its contacts cannot be moved to "
        "another company while it is on hold, except by a credit controller.",
    )
    # Overdue rules of the customer, when they differ from the company's.
    credit_overdue_custom = fields.Boolean(
        string="Own Overdue Rules",
        company_dependent=True,
        tracking=True,
        help="Apply the grace days and minimum overdue amount below to this customer "
        "instead of the company's (Invoicing settings).",
    )
    credit_overdue_grace_days = fields.Integer(
        string="Customer Grace Days",
        company_dependent=True,
        tracking=True,
        help="With own overdue rules: orders are held when an invoice of the customer is "
        "overdue by more than this number of days.",
    )
    credit_overdue_min_amount = fields.Float(
        string="Customer Minimum Overdue Amount",
        company_dependent=True,
        tracking=True,
        help="With own overdue rules: invoices overdue beyond the grace days hold orders "
        "only when together they amount to at least this much (company currency).",
    )
    # A limit granted for a while, e.g. for a seasonal order: it applies instead of the
    # credit limit up to and including its expiry date, then ends by itself.
    credit_limit_temporary = fields.Float(
        string="Temporary Credit Limit",
        company_dependent=True,
        copy=False,
        tracking=True,
        help="Granted by a credit controller: applies instead of the credit limit until "
        "the expiry date included (company currency).",
    )
    credit_limit_temporary_expiry = fields.Date(
        string="Temporary Limit Until",
        company_dependent=True,
        copy=False,
        tracking=True,
        help="Last day of the temporary credit limit. The day after, the credit limit "
        "applies again and the customer's chatter says so.",
    )
    credit_limit_current = fields.Monetary(
        string="Current Credit Limit",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="The limit the credit policy applies today: the temporary limit while it "
        "runs, else the credit limit (0: no limit).",
    )
    credit_limit_applied = fields.Selection(
        selection=[
            ("none", "No limit"),
            ("permanent", "Credit limit"),
            ("temporary", "Temporary limit"),
        ],
        string="Limit Applied",
        compute="_compute_credit_exposure",
        help="Which limit the credit policy applies today.",
    )
    credit_hold_anywhere = fields.Boolean(
        string="On Credit Hold in a Company",
        compute="_compute_credit_hold_anywhere",
        help="The customer (or the company it belongs to) is on manual credit hold in at "
        "least one company: only a credit controller can change its company.",
    )

    # Exposure, always in the currency of the current company (env.company); see
    # sale.credit.exposure for what each part counts.
    credit_enabled = fields.Boolean(compute="_compute_credit_context")
    is_credit_controller = fields.Boolean(compute="_compute_credit_context")
    credit_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_credit_context"
    )
    credit_exposure_receivable = fields.Monetary(
        string="Open Receivables",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Residual of the posted receivable journal items of the customer: invoices "
        "minus posted credit notes minus payments not matched yet.",
    )
    credit_exposure_invoices_draft = fields.Monetary(
        string="Draft Invoices",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Total of the draft customer invoices (when the company counts draft "
        "invoices). Draft credit notes do not lower the exposure: they count once posted.",
    )
    credit_exposure_orders = fields.Monetary(
        string="Orders Not Invoiced",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Part of the confirmed sales orders, taxes included, that no posted invoice "
        "(nor a draft invoice, when those are counted) covers yet. Each order counts for "
        "zero at least: a negative order does not lower the exposure.",
    )
    credit_exposure = fields.Monetary(
        string="Credit Exposure",
        compute="_compute_credit_exposure",
        search="_search_credit_exposure",
        currency_field="credit_currency_id",
        help="Open receivables + draft invoices + confirmed orders not invoiced, in the "
        "currency of the current company.",
    )
    credit_available = fields.Monetary(
        string="Available Credit",
        compute="_compute_credit_exposure",
        search="_search_credit_available",
        currency_field="credit_currency_id",
        help="Credit limit minus exposure (zero when no limit is set).",
    )
    credit_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        compute="_compute_credit_exposure",
        search="_search_credit_overdue_amount",
        currency_field="credit_currency_id",
        help="Residual of the posted receivable items whose due date is past.",
    )
    credit_overdue_days = fields.Integer(
        string="Overdue Days",
        compute="_compute_credit_exposure",
        search="_search_credit_overdue_days",
        help="Age in days of the oldest overdue receivable item.",
    )

    # === COMPUTE ===

    @api.depends_context("company")
    def _compute_credit_context(self):
        self.credit_currency_id = self.env.company.currency_id
        self.credit_enabled = self.env.company.account_use_credit_limit
        self.is_credit_controller = self._is_credit_controller()

    def _compute_credit_hold_anywhere(self):
        # Read from the saved records: what the write guard will compare against.
        held = self._get_credit_held_anywhere()
        for partner in self:
            partner.credit_hold_anywhere = partner in held

    @api.depends_context("company")
    def _compute_credit_exposure(self):
        company = self.env.company
        figures = {}
        if company.account_use_credit_limit:
            # One batch for the whole list or kanban: a fixed number of queries.
            figures = self.env["sale.credit.exposure"]._get_figures_by_company(
                {company: self}
            )
        for partner in self:
            values = figures.get(
                (company.id, partner.commercial_partner_id._origin.id), EMPTY_FIGURES
            )
            partner.credit_exposure_receivable = values["receivable"]
            partner.credit_exposure_invoices_draft = values["invoices_draft"]
            partner.credit_exposure_orders = values["orders"]
            partner.credit_exposure = values["exposure"]
            partner.credit_available = values["available"]
            partner.credit_overdue_amount = values["overdue_amount"]
            partner.credit_overdue_days = values["overdue_days"]
            partner.credit_limit_current = values["limit"]
            partner.credit_limit_applied = values["limit_applied"]

    def _search_credit_exposure(self, operator, value):
        """Search on ``credit_exposure`` (see ``_search_credit_figure``)."""
        return self._search_credit_figure("credit_exposure", operator, value)

    def _search_credit_available(self, operator, value):
        """Search on ``credit_available`` (see ``_search_credit_figure``)."""
        return self._search_credit_figure("credit_available", operator, value)

    def _search_credit_overdue_amount(self, operator, value):
        """Search on ``credit_overdue_amount`` (see ``_search_credit_figure``)."""
        return self._search_credit_figure("credit_overdue_amount", operator, value)

    def _search_credit_overdue_days(self, operator, value):
        """Search on ``credit_overdue_days`` (see ``_search_credit_figure``)."""
        return self._search_credit_figure("credit_overdue_days", operator, value)

    @api.constrains(*CREDIT_NUMBER_BOUNDS)
    def _check_credit_limit_number(self):
        # A NaN or infinite limit makes every credit check of the customer fail.
        check_number_fields(self, CREDIT_NUMBER_BOUNDS)

    # === CRUD ===

    @api.model_create_multi
    def create(self, vals_list):
        check_number_values(self, vals_list, CREDIT_NUMBER_BOUNDS)
        for vals in vals_list:
            refuse_computed_fields(self, vals, fnames=("commercial_partner_id",))
        if not self._is_credit_controller():
            for vals in vals_list:
                # Defaults (e.g. the company-wide default limit through default_get) may
                # come in; any other value is a credit controller's.
                for fname in set(CREDIT_CONTROLLED_FIELDS) & set(vals):
                    field = self._fields[fname]
                    if not field.company_dependent:
                        continue
                    new = field.convert_to_cache(vals[fname], self)
                    default = field.convert_to_cache(
                        field.get_company_dependent_fallback(self), self
                    )
                    if (new or None) != (default or None):
                        raise AccessError(self._credit_controller_only_message())
            self._check_credit_hold_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_number_values(self, [vals], CREDIT_NUMBER_BOUNDS)
        refuse_computed_fields(self, vals, fnames=("commercial_partner_id",))
        if not self._is_credit_controller():
            if any(f in vals for f in CREDIT_CONTROLLED_FIELDS):
                self._check_credit_fields_write(vals)
            if any(f in vals for f in COMMERCIAL_ENTITY_FIELDS):
                self._check_credit_hold_follows(vals)
        changed_hold = self.browse()
        if "credit_hold" in vals:
            changed_hold = self.filtered(
                lambda p: p.commercial_partner_id == p
                and p.credit_hold != bool(vals["credit_hold"])
            )
        res = super().write(vals)
        for partner in changed_hold:
            values = {"company": self.env.company.name, "user": self.env.user.name}
            if vals["credit_hold"]:
                body = self.env._(
                    "Credit hold set in %(company)s by %(user)s.", **values
                )
            else:
                body = self.env._(
                    "Credit hold lifted in %(company)s by %(user)s.", **values
                )
            partner.message_post(body=body)
        return res

    # === ACTIONS ===

    def action_credit_open_receivable(self):
        """Open the journal items making the open receivable part of the exposure."""
        return self._get_credit_records_action(
            self.env._(
                "Open Receivables of %s", self.commercial_partner_id.display_name
            ),
            self._get_credit_receivable_domain(self.env.company),
            res_model="account.move.line",
            context={"search_default_group_by_move": 0, "create": False},
        )

    def action_credit_open_invoices_draft(self):
        """Open the draft invoices counted in the exposure."""
        return self._get_credit_records_action(
            self.env._("Draft Invoices of %s", self.commercial_partner_id.display_name),
            self.env["sale.credit.exposure"]._get_invoices_draft_domain(
                self.env.company, self.commercial_partner_id.ids
            ),
            xml_id="account.action_move_out_invoice",
            context={"create": False},
        )

    def action_credit_open_orders(self):
        """Open the confirmed orders whose part not invoiced is counted in the exposure."""
        return self._get_credit_records_action(
            self.env._(
                "Orders Not Invoiced of %s", self.commercial_partner_id.display_name
            ),
            self.env["sale.credit.exposure"]._get_orders_domain(
                self.env.company, self.commercial_partner_id.ids
            ),
            res_model="sale.order",
            context={"create": False},
        )

    def action_credit_open_overdue(self):
        """Open the overdue receivable journal items of the customer."""
        return self._get_credit_records_action(
            self.env._("Overdue Items of %s", self.commercial_partner_id.display_name),
            [
                *self._get_credit_receivable_domain(self.env.company),
                ("date_maturity", "<", fields.Date.context_today(self)),
                ("amount_residual", ">", 0),
            ],
            res_model="account.move.line",
            context={"search_default_group_by_move": 0, "create": False},
        )

    def action_credit_open_holds(self):
        """Open the orders of the customer currently on credit hold."""
        return self._get_credit_records_action(
            None,
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    self.commercial_partner_id.id,
                ),
                ("credit_hold", "=", True),
            ],
            xml_id="sale_credit_guard.action_sale_order_credit_hold",
        )

    def action_credit_report_xlsx(self):
        """Download the XLSX credit report of the selected customers (current company)."""
        return self.env["sale.credit.report.xlsx"].action_download(self)

    def _get_credit_records_action(
        self, name, domain, res_model=None, xml_id=None, context=None
    ):
        """Window action listing the records behind one credit figure of this customer.

        :param name: title of the action (``None``: the title of ``xml_id``)
        :param res_model: model of a plain list/form action, or
        :param xml_id: the action to start from (its views and context are kept)
        :param context: replaces the action's context when given
        """
        self.ensure_one()
        if xml_id:
            action = self.env["ir.actions.actions"]._for_xml_id(xml_id)
        else:
            action = {
                "type": "ir.actions.act_window",
                "res_model": res_model,
                "view_mode": "list,form",
            }
        action["domain"] = domain
        if name is not None:
            action["name"] = name
        if context is not None:
            action["context"] = context
        return action

    # === POLICY ===

    def _credit_check(
        self,
        company=None,
        amount=0.0,
        currency=None,
        date=None,
        exposure_data=None,
        prepayment=None,
    ):
        """Evaluate the credit policy of this customer for an amount about to be committed.

        This is THE credit policy: orders, the review of ``sale_order_flow``, deliveries
        and RPC callers all come here. It runs a fixed number of queries whatever the
        number of invoices and orders of the customer.

        :param company: company whose policy applies (default: current company)
        :param amount: amount of the document being checked, not yet in the exposure
        :param currency: currency of ``amount`` (default: company currency)
        :param date: conversion date of ``amount`` (default: today)
        :param exposure_data: the result of ``_get_credit_exposure_data(company)`` for a
            set of customers including this one, when the caller checks several documents
            at once (default: computed for this customer)
        :param prepayment: what was paid in advance on the document, company currency:
            ``{"prepaid", "booked", "full"}`` (see ``sale.order._credit_check``): ``amount``
            is then its unpaid part, ``booked`` (the prepayments already in the
            receivables) is taken out of the exposure so that they count once, and a
            ``full`` prepayment is never held by the limit nor by overdue invoices
        :return: dict with the breakdown (company currency) and the verdict:
            ``enabled``, ``partner``, ``company``, ``currency``, ``limit``,
            ``receivable``, ``invoices_draft``, ``orders``, ``exposure``, ``amount``,
            ``exposure_after``, ``available``, ``overdue_amount``, ``overdue_days``,
            ``overdue_invoices`` (names), ``hold``, ``prepaid``, ``fully_prepaid``,
            ``limit_applied`` and ``terms`` (see ``sale.credit.exposure._get_credit_terms``),
            ``reasons`` (list of
            ``{"code": "hold" | "limit" | "overdue", "message": str}``) and ``blocked``.
            Nothing is ever blocked while ``company._credit_policy_enabled()`` is false.
        """
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id
        if currency and currency != company.currency_id:
            amount = currency._convert(
                amount,
                company.currency_id,
                company,
                date or fields.Date.context_today(self),
            )
        verdict = {
            "enabled": company._credit_policy_enabled(),
            "partner": partner,
            "company": company,
            "currency": company.currency_id,
            "amount": amount,
            "limit": 0.0,
            "limit_applied": "none",
            "terms": {},
            "hold": False,
            "overdue_days": 0,
            "overdue_invoices": [],
            "prepaid": (prepayment or {}).get("prepaid", 0.0),
            "fully_prepaid": bool((prepayment or {}).get("full")),
            "reasons": [],
            "blocked": False,
            **EMPTY_EXPOSURE,
        }
        if not verdict["enabled"]:
            # Installing the addon changes nothing (not even a query) until configured.
            verdict.update(exposure=0.0, exposure_after=amount, available=0.0)
            return verdict
        if exposure_data is None:
            exposure_data = partner._get_credit_exposure_data(company)
        data = exposure_data.get(partner.id, EMPTY_EXPOSURE)
        exposure_engine = self.env["sale.credit.exposure"]
        terms = exposure_engine._get_credit_terms(company, partner)[partner.id]
        limit = terms["limit"]
        # Prepayments already in the receivables count once: as the unpaid part of the
        # document (``amount``), not also as a lower receivable.
        booked = (prepayment or {}).get("booked", 0.0)
        data = {
            **data,
            "receivable": data["receivable"] - booked,
            "exposure": data["exposure"] - booked,
        }
        exposure = data["exposure"]
        verdict.update(
            data,
            limit=limit,
            limit_applied=terms["limit_applied"],
            terms=terms,
            hold=terms["hold"],
            exposure=exposure,
            exposure_after=exposure + amount,
            available=limit - exposure if limit else 0.0,
            overdue_days=exposure_engine._get_overdue_days(data["oldest_due_date"]),
        )
        verdict["reasons"] = partner._get_credit_reasons(verdict)
        verdict["blocked"] = bool(verdict["reasons"])
        return verdict

    def _get_credit_reasons(self, verdict):
        """Return the reasons why ``verdict`` (see ``_credit_check``) blocks, with numbers.

        Override to add a rule: append ``{"code": ..., "message": ...}`` to super's list.
        """
        reasons = []
        if verdict["hold"]:
            reasons.append(self._get_credit_hold_reason(verdict))
        if verdict["fully_prepaid"]:
            # Paid in advance: the order adds nothing to what the customer owes.
            return reasons
        terms = verdict["terms"]
        if self.env["sale.credit.exposure"]._is_over_limit(
            verdict["company"],
            verdict["exposure_after"],
            verdict["limit"],
            terms["tolerance"],
        ):
            reasons.append(self._get_credit_limit_reason(verdict))
        grace = terms["grace_days"]
        if verdict["overdue_days"] > grace:
            overdue, total = self._get_credit_overdue_invoices(
                verdict["company"], grace
            )
            currency = verdict["currency"]
            minimum = terms["overdue_min_amount"]
            if currency.compare_amounts(total, minimum) >= 0:
                verdict["overdue_invoices"] = [name for name, _due, _res in overdue]
                reasons.append(self._get_credit_overdue_reason(verdict, overdue, total))
        return reasons

    def _get_credit_hold_reason(self, verdict):
        """The reason of a manual credit hold (see ``_get_credit_reasons``)."""
        return {
            "code": "hold",
            "message": self.env._(
                "%(partner)s is on manual credit hold in %(company)s.",
                partner=self.display_name,
                company=verdict["company"].name,
            ),
        }

    def _get_credit_limit_reason(self, verdict):
        """The reason of an exposure over the limit (see ``_get_credit_reasons``): the
        breakdown, which limit applied, the tolerance and the prepayment."""
        env = self.env
        currency = verdict["currency"]
        terms = verdict["terms"]
        limit = verdict["limit"]

        def amount(value):
            return format_amount(env, value, currency)

        if verdict["limit_applied"] == "temporary":
            limit_text = env._(
                "the temporary limit of %(limit)s (until %(date)s)",
                limit=amount(limit),
                date=terms["temporary_expiry"],
            )
        else:
            limit_text = env._("the credit limit of %(limit)s", limit=amount(limit))
        message = env._(
            "Credit limit of %(partner)s exceeded: exposure %(exposure)s (receivables "
            "%(receivable)s + draft invoices %(draft)s + orders not invoiced %(orders)s) + "
            "this order %(amount)s = %(after)s, over %(limit)s by %(excess)s.",
            partner=self.display_name,
            exposure=amount(verdict["exposure"]),
            receivable=amount(verdict["receivable"]),
            draft=amount(verdict["invoices_draft"]),
            orders=amount(verdict["orders"]),
            amount=amount(verdict["amount"]),
            after=amount(verdict["exposure_after"]),
            limit=limit_text,
            excess=amount(verdict["exposure_after"] - limit),
        )
        if terms["tolerance"]:
            message += " " + env._(
                "The tolerance of %(tolerance)s%% over the limit allows up to %(ceiling)s.",
                tolerance=formatLang(env, terms["tolerance"]),
                ceiling=amount(limit * (1 + terms["tolerance"] / 100)),
            )
        if verdict["prepaid"]:
            message += " " + env._(
                "This order counts for its unpaid part only: %(prepaid)s of it was paid "
                "in advance.",
                prepaid=amount(verdict["prepaid"]),
            )
        return {"code": "limit", "message": message}

    def _get_credit_overdue_reason(self, verdict, overdue, total):
        """The reason of invoices overdue beyond the grace days (see
        ``_get_credit_reasons``): ``overdue`` lists them (``[(name, due date,
        residual)]``), ``total`` is what they amount to."""
        env = self.env
        currency = verdict["currency"]
        terms = verdict["terms"]
        message = env._(
            "%(partner)s has %(total)s overdue by more than %(grace)s days (oldest: "
            "%(days)s days): %(invoices)s.",
            partner=self.display_name,
            total=format_amount(env, total, currency),
            grace=terms["grace_days"],
            days=verdict["overdue_days"],
            invoices=", ".join(
                env._(
                    "%(name)s due %(date)s, %(residual)s open",
                    name=name,
                    date=due,
                    residual=format_amount(env, residual, currency),
                )
                for name, due, residual in overdue
            ),
        )
        if terms["overdue_min_amount"]:
            message += " " + env._(
                "Overdue amounts hold orders from %(minimum)s.",
                minimum=format_amount(env, terms["overdue_min_amount"], currency),
            )
        return {"code": "overdue", "message": message}

    # === TEMPORARY LIMITS ===

    @api.model
    def _cron_end_temporary_credit_limits(self):
        """End the temporary credit limits whose expiry date is past: say so in the
        customer's chatter and clear them.

        The credit policy stops applying an expired temporary limit by itself (see
        ``sale.credit.exposure._get_credit_terms``): this job only tells and tidies up,
        so running late changes no verdict. One transaction: after a crash the next run
        announces what is left, never twice.
        """
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].sudo().search([]):
            # sudo: the job ends the limits a credit controller granted, in every company.
            partners = (
                self.sudo()
                .with_company(company)
                .search([("credit_limit_temporary_expiry", "<", today)])
            )
            for partner in partners:
                partner._message_log(
                    body=self.env._(
                        "The temporary credit limit of %(limit)s ended on %(date)s in "
                        "%(company)s: the credit limit of %(credit_limit)s applies again.",
                        limit=format_amount(
                            self.env,
                            partner.credit_limit_temporary,
                            company.currency_id,
                        ),
                        date=partner.credit_limit_temporary_expiry,
                        company=company.name,
                        credit_limit=format_amount(
                            self.env, partner.credit_limit, company.currency_id
                        ),
                    )
                )
            partners.write(
                {"credit_limit_temporary": 0.0, "credit_limit_temporary_expiry": False}
            )

    # === EXPOSURE (see sale.credit.exposure) ===

    def _get_credit_exposure_data(self, company):
        """Return the exposure parts of the commercial partners of ``self`` in ``company``:
        ``{commercial_partner_id: {"receivable", "invoices_draft", "orders", "exposure",
        "overdue_amount", "oldest_due_date"}}`` (see
        ``sale.credit.exposure._get_exposure_data``)."""
        return self.env["sale.credit.exposure"]._get_exposure_data(company, self)

    def _get_credit_limits(self, company):
        """Return ``{commercial_partner_id: credit limit}`` in ``company`` (one query)."""
        limits = self.env["sale.credit.exposure"]._get_limits_and_holds(company, self)
        return {partner_id: limit for partner_id, (limit, _hold) in limits.items()}

    def _get_credit_receivable_domain(self, company):
        """Domain of the journal items summed in ``credit_exposure_receivable``."""
        return self.env["sale.credit.exposure"]._get_receivable_domain(
            company, self.commercial_partner_id.ids
        )

    def _get_credit_overdue_invoices(self, company, grace_days):
        """Return ``([(name, due date, residual)], total)``: the documents of this
        commercial partner overdue by more than ``grace_days``, oldest first (max 20),
        and what all of them amount to (see ``sale.credit.exposure._get_overdue_invoices``).
        """
        self.ensure_one()
        limit_date = fields.Date.subtract(
            fields.Date.context_today(self), days=grace_days
        )
        return self.env["sale.credit.exposure"]._get_overdue_invoices(
            company, self.commercial_partner_id, limit_date
        )

    @api.model
    def _search_credit_figure(self, fname, operator, value):
        """Domain of the partners whose credit figure ``fname`` (current company) compares
        to ``value``: the figures of the customers with open documents are computed in
        one batch; customers without any have every figure at zero."""
        compare = COMPARATORS.get(operator)
        if compare is None or not isinstance(value, int | float):
            raise UserError(
                self.env._(
                    "Credit figures can only be compared to a number (<, <=, >, >=, =, !=)."
                )
            )
        company = self.env.company
        exposure_engine = self.env["sale.credit.exposure"]
        candidate_ids = exposure_engine._get_candidate_ids(company)
        figures = exposure_engine._get_figures_by_company(
            {company: self.browse(candidate_ids)}
        )
        figure = SEARCHABLE_FIGURES[fname]
        matching = [
            partner_id
            for (_company_id, partner_id), values in figures.items()
            if compare(values[figure], value)
        ]
        domain = [("commercial_partner_id", "in", matching)]
        if compare(0, value):
            domain = ["|", ("commercial_partner_id", "not in", candidate_ids), *domain]
        return domain

    # === SECURITY ===

    @api.model
    def _is_credit_controller(self):
        """Whether the current user may change credit data (superuser included)."""
        return self.env.su or self.env.user.has_group(
            "sale_credit_guard.group_credit_controller"
        )

    @api.model
    def _credit_controller_only_message(self):
        """The refusal given to users who are not credit controllers."""
        return self.env._(
            "Only a credit controller can change the credit terms of customers (credit "
            "limits, temporary limits, overdue rules, credit holds). Ask a member of the "
            "Credit Controller group."
        )

    def _check_credit_fields_write(self, vals):
        """Refuse changes of credit fields by non-controllers on commercial partners.

        Contacts receive their company's credit_limit through Odoo's commercial field
        sync; that copy is harmless (the limit is read on the commercial partner), so
        only commercial partners whose value would actually change are refused.
        """
        for partner in self.with_context(prefetch_fields=False):
            if partner.commercial_partner_id != partner:
                continue
            # sudo: credit_limit is not readable by everyone; we only compare values.
            current = partner.sudo()
            for fname in set(CREDIT_CONTROLLED_FIELDS) & set(vals):
                field = self._fields[fname]
                new = field.convert_to_record(
                    field.convert_to_cache(vals[fname], current), current
                )
                if current[fname] != new:
                    raise AccessError(self._credit_controller_only_message())

    def _check_credit_hold_follows(self, vals):
        """Refuse to take partners out of a commercial entity on manual credit hold.

        The hold is read on the commercial partner: moving a contact to another company
        (``parent_id``), out of its company, or making it a company of its own would
        free it (and its orders) from the hold. Only credit controllers may, when the
        partner or its current commercial entity is on hold in any company.
        """
        parent_id = vals.get("parent_id") or False
        moving = self.filtered(
            lambda p: ("parent_id" in vals and p.parent_id.id != parent_id)
            or ("is_company" in vals and p.is_company != bool(vals["is_company"]))
        )
        held = moving._get_credit_held_anywhere()
        if held:
            raise AccessError(
                self.env._(
                    "%(partners)s cannot change company: %(held)s is on credit hold. "
                    "Only a credit controller can move a customer on credit hold (or one "
                    "of its contacts) to another company.",
                    partners=", ".join(held.mapped("display_name")),
                    held=", ".join(held.commercial_partner_id.mapped("display_name")),
                )
            )

    @api.model
    def _check_credit_hold_create(self, vals_list):
        """Refuse to create a company under a commercial entity on credit hold.

        A contact created under a held company inherits the hold; a company created under
        it would be a commercial entity of its own, outside the hold.
        """
        parent_ids = {
            vals["parent_id"]
            for vals in vals_list
            if vals.get("parent_id") and vals.get("is_company")
        }
        held = self.browse(parent_ids)._get_credit_held_anywhere()
        if held:
            raise AccessError(
                self.env._(
                    "%(held)s is on credit hold: only a credit controller can create a "
                    "company under it. Create a contact (an individual) instead: it "
                    "follows the hold of its company.",
                    held=", ".join(held.commercial_partner_id.mapped("display_name")),
                )
            )

    def _get_credit_held_anywhere(self):
        """The partners of ``self`` that are, or whose commercial partner is, on manual
        credit hold in at least one company (one query, whatever the companies)."""
        partners = self._origin
        if not partners:
            return self.browse()
        self.flush_model(["credit_hold", "commercial_partner_id"])
        # credit_hold is company dependent: a JSON object {company id: value} per row.
        self.env.cr.execute(
            SQL(
                """SELECT id FROM res_partner
                    WHERE id = ANY(%s)
                      AND jsonb_path_exists(credit_hold, '$.* ? (@ == true)')""",
                list(set(partners.ids) | set(partners.commercial_partner_id.ids)),
            )
        )
        held_ids = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(
            lambda p: {p._origin.id, p._origin.commercial_partner_id.id} & held_ids
        )
