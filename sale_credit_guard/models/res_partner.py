# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import operator as py_operator
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, format_amount

# Partner fields only a credit controller may change.
CREDIT_CONTROLLED_FIELDS = ("credit_limit", "use_partner_credit_limit", "credit_hold")

COMPARATORS = {
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
    "=": py_operator.eq,
    "!=": py_operator.ne,
}

EMPTY_EXPOSURE = {
    "receivable": 0.0,
    "invoices_draft": 0.0,
    "orders": 0.0,
    "exposure": 0.0,
    "overdue_amount": 0.0,
    "oldest_due_date": False,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Manual hold, per company like Odoo's credit_limit: a customer blocked by the
    # controller of one company can still buy from a sister company.
    credit_hold = fields.Boolean(
        string="Credit Hold",
        company_dependent=True,
        copy=False,
        help="Set by a credit controller: every order of this customer in the current "
        "company is put on credit hold until released.",
    )

    # Exposure, always in the currency of the current company (env.company).
    credit_enabled = fields.Boolean(compute="_compute_credit_context")
    is_credit_controller = fields.Boolean(compute="_compute_credit_context")
    credit_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_credit_context"
    )
    credit_exposure_receivable = fields.Monetary(
        string="Open Receivables",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Residual of the posted receivable journal items of the customer: "
        "invoices minus credit notes minus unreconciled payments.",
    )
    credit_exposure_invoices_draft = fields.Monetary(
        string="Draft Invoices",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Total of the draft customer invoices minus draft credit notes (when the "
        "company counts draft invoices).",
    )
    credit_exposure_orders = fields.Monetary(
        string="Orders Not Invoiced",
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        help="Part of the confirmed sales orders, taxes included, that no invoice "
        "covers yet.",
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

    @api.depends_context("company")
    def _compute_credit_context(self):
        self.credit_currency_id = self.env.company.currency_id
        self.credit_enabled = self.env.company.account_use_credit_limit
        self.is_credit_controller = self._is_credit_controller()

    @api.depends_context("company")
    def _compute_credit_exposure(self):
        company = self.env.company
        data = self._get_credit_exposure_data(company)
        limits = self._get_credit_limits(company)
        today = fields.Date.context_today(self)
        for partner in self:
            commercial_id = partner.commercial_partner_id._origin.id
            values = data.get(commercial_id, EMPTY_EXPOSURE)
            exposure = values["exposure"]
            limit = limits.get(commercial_id, 0.0)
            partner.credit_exposure_receivable = values["receivable"]
            partner.credit_exposure_invoices_draft = values["invoices_draft"]
            partner.credit_exposure_orders = values["orders"]
            partner.credit_exposure = exposure
            partner.credit_available = limit - exposure if limit else 0.0
            partner.credit_overdue_amount = values["overdue_amount"]
            partner.credit_overdue_days = (
                (today - values["oldest_due_date"]).days
                if values["oldest_due_date"]
                else 0
            )

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

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_credit_controller():
            fallback = self._fields["credit_limit"].get_company_dependent_fallback(self)
            for vals in vals_list:
                # The company-wide default limit may come in through default_get.
                if (
                    vals.get("credit_hold")
                    or vals.get("credit_limit", fallback) != fallback
                ):
                    raise AccessError(self._credit_controller_only_message())
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_credit_controller() and any(
            f in vals for f in CREDIT_CONTROLLED_FIELDS
        ):
            self._check_credit_fields_write(vals)
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

    # --------------------------------------------------------------- actions

    def action_credit_open_receivable(self):
        """Open the journal items making the open receivable part of the exposure."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Open Receivables of %s", self.commercial_partner_id.display_name
            ),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": self._get_credit_receivable_domain(self.env.company),
            "context": {"search_default_group_by_move": 0, "create": False},
        }

    def action_credit_open_invoices_draft(self):
        """Open the draft invoices and credit notes counted in the exposure."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account.action_move_out_invoice"
        )
        action.update(
            name=self.env._(
                "Draft Invoices of %s", self.commercial_partner_id.display_name
            ),
            domain=[
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "draft"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            context={"create": False},
        )
        return action

    def action_credit_open_orders(self):
        """Open the confirmed orders whose uninvoiced part is counted in the exposure."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Orders Not Invoiced of %s", self.commercial_partner_id.display_name
            ),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    self.commercial_partner_id.id,
                ),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "sale"),
                ("invoice_status", "!=", "invoiced"),
            ],
            "context": {"create": False},
        }

    def action_credit_open_overdue(self):
        """Open the overdue receivable journal items of the customer."""
        action = self.action_credit_open_receivable()
        action["name"] = self.env._(
            "Overdue Items of %s", self.commercial_partner_id.display_name
        )
        action["domain"] += [
            ("date_maturity", "<", fields.Date.context_today(self)),
            ("amount_residual", ">", 0),
        ]
        return action

    def action_credit_open_holds(self):
        """Open the orders of the customer currently on credit hold."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sale_credit_guard.action_sale_order_credit_hold"
        )
        action["domain"] = [
            ("partner_id.commercial_partner_id", "=", self.commercial_partner_id.id),
            ("credit_hold", "=", True),
        ]
        return action

    def action_credit_report_xlsx(self):
        """Download the XLSX credit report of the selected customers (current company)."""
        return self.env["sale.credit.report.xlsx"].action_download(self)

    # ----------------------------------------------------------------- policy

    def _credit_check(
        self, company=None, amount=0.0, currency=None, date=None, exposure_data=None
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
        :return: dict with the breakdown (company currency) and the verdict:
            ``enabled``, ``partner``, ``company``, ``currency``, ``limit``,
            ``receivable``, ``invoices_draft``, ``orders``, ``exposure``, ``amount``,
            ``exposure_after``, ``available``, ``overdue_amount``, ``overdue_days``,
            ``overdue_invoices`` (names), ``hold``, ``reasons`` (list of
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
            "hold": False,
            "overdue_days": 0,
            "overdue_invoices": [],
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
        verdict.update(data)
        # sudo: credit_limit is restricted to accounting groups, but the policy must
        # apply whoever confirms the order; only the numbers are shown.
        partner_sudo = partner.with_company(company).sudo()
        limit = partner_sudo.credit_limit
        exposure = data["exposure"]
        today = fields.Date.context_today(self)
        verdict.update(
            limit=limit,
            hold=partner_sudo.credit_hold,
            exposure=exposure,
            exposure_after=exposure + amount,
            available=limit - exposure if limit else 0.0,
            overdue_days=(today - data["oldest_due_date"]).days
            if data["oldest_due_date"]
            else 0,
        )
        verdict["reasons"] = partner._get_credit_reasons(verdict)
        verdict["blocked"] = bool(verdict["reasons"])
        return verdict

    def _get_credit_reasons(self, verdict):
        """Return the reasons why ``verdict`` (see ``_credit_check``) blocks, with numbers.

        Override to add a rule: append ``{"code": ..., "message": ...}`` to super's list.
        """
        company = verdict["company"]
        currency = verdict["currency"]
        env = self.env
        reasons = []
        if verdict["hold"]:
            reasons.append(
                {
                    "code": "hold",
                    "message": env._(
                        "%(partner)s is on manual credit hold in %(company)s.",
                        partner=self.display_name,
                        company=company.name,
                    ),
                }
            )
        limit = verdict["limit"]
        if (
            limit
            and float_compare(
                verdict["exposure_after"], limit, precision_rounding=currency.rounding
            )
            > 0
        ):
            reasons.append(
                {
                    "code": "limit",
                    "message": env._(
                        "Credit limit of %(partner)s exceeded: exposure %(exposure)s "
                        "(receivables %(receivable)s + draft invoices %(draft)s + orders not "
                        "invoiced %(orders)s) + this order %(amount)s = %(after)s, over the "
                        "limit of %(limit)s by %(excess)s.",
                        partner=self.display_name,
                        exposure=format_amount(env, verdict["exposure"], currency),
                        receivable=format_amount(env, verdict["receivable"], currency),
                        draft=format_amount(env, verdict["invoices_draft"], currency),
                        orders=format_amount(env, verdict["orders"], currency),
                        amount=format_amount(env, verdict["amount"], currency),
                        after=format_amount(env, verdict["exposure_after"], currency),
                        limit=format_amount(env, limit, currency),
                        excess=format_amount(
                            env, verdict["exposure_after"] - limit, currency
                        ),
                    ),
                }
            )
        grace = company.credit_overdue_grace_days
        if verdict["overdue_days"] > grace:
            overdue = self._get_credit_overdue_invoices(company, grace)
            verdict["overdue_invoices"] = [name for name, _due, _residual in overdue]
            reasons.append(
                {
                    "code": "overdue",
                    "message": env._(
                        "%(partner)s has invoices overdue by more than %(grace)s days "
                        "(oldest: %(days)s days): %(invoices)s.",
                        partner=self.display_name,
                        grace=grace,
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
                    ),
                }
            )
        return reasons

    # ------------------------------------------------------------- exposure SQL

    def _get_credit_exposure_data(self, company):
        """Return the exposure parts of the commercial partners of ``self`` in ``company``.

        Three aggregate queries for the whole recordset (one per part), whatever its
        size and the number of documents: ``{commercial_partner_id: {"receivable",
        "invoices_draft", "orders", "exposure", "overdue_amount", "oldest_due_date"}}`` in
        company currency, ``exposure`` being the sum of the three parts (the one place that
        adds them up). Partners without any document are absent from the result.
        """
        partner_ids = sorted(
            {p.commercial_partner_id._origin.id for p in self} - {False}
        )
        if not partner_ids:
            return {}
        # SQL below reads stored values: push pending ORM writes first.
        self.env["account.move.line"].flush_model(
            [
                "price_total",
                "quantity",
                "product_uom_id",
                "amount_residual",
                "reconciled",
                "parent_state",
                "partner_id",
                "date_maturity",
            ]
        )
        self.env["account.move"].flush_model(
            [
                "name",
                "state",
                "move_type",
                "commercial_partner_id",
                "amount_total_signed",
            ]
        )
        self.env["sale.order.line"].flush_model(
            [
                "product_uom_qty",
                "qty_invoiced",
                "price_total",
                "display_type",
                "invoice_lines",
                "is_downpayment",
            ]
        )
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "currency_rate", "company_id", "invoice_status"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        data = defaultdict(lambda: dict(EMPTY_EXPOSURE))
        today = fields.Date.context_today(self)
        cr = self.env.cr
        cr.execute(self._get_credit_receivable_query(company, partner_ids, today))
        for partner_id, receivable, overdue, oldest_due in cr.fetchall():
            data[partner_id].update(
                receivable=receivable or 0.0,
                overdue_amount=overdue or 0.0,
                oldest_due_date=oldest_due,
            )
        if company.credit_include_draft_invoices:
            cr.execute(self._get_credit_invoices_draft_query(company, partner_ids))
            for partner_id, amount in cr.fetchall():
                data[partner_id]["invoices_draft"] = amount or 0.0
        cr.execute(self._get_credit_orders_query(company, partner_ids))
        for partner_id, amount in cr.fetchall():
            data[partner_id]["orders"] = company.currency_id.round(amount or 0.0)
        for values in data.values():
            values["exposure"] = (
                values["receivable"] + values["invoices_draft"] + values["orders"]
            )
        return dict(data)

    @api.model
    def _get_credit_receivable_query(self, company, partner_ids, today):
        """Open receivables, overdue amount and oldest overdue due date per partner."""
        return SQL(
            """
            SELECT partner.commercial_partner_id,
                   SUM(aml.amount_residual),
                   SUM(aml.amount_residual)
                       FILTER (WHERE aml.date_maturity < %(today)s AND aml.amount_residual > 0),
                   MIN(aml.date_maturity)
                       FILTER (WHERE aml.date_maturity < %(today)s AND aml.amount_residual > 0)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE partner.commercial_partner_id = ANY(%(partners)s)
               AND aml.company_id = %(company)s
               AND aml.parent_state = 'posted'
               AND account.account_type = 'asset_receivable'
               AND aml.reconciled IS NOT TRUE
          GROUP BY partner.commercial_partner_id
            """,
            today=today,
            partners=partner_ids,
            company=company.id,
        )

    @api.model
    def _get_credit_invoices_draft_query(self, company, partner_ids):
        """Signed total (company currency) of draft customer invoices per partner."""
        return SQL(
            """
            SELECT move.commercial_partner_id, SUM(move.amount_total_signed)
              FROM account_move move
             WHERE move.commercial_partner_id = ANY(%(partners)s)
               AND move.company_id = %(company)s
               AND move.state = 'draft'
               AND move.move_type IN ('out_invoice', 'out_refund')
          GROUP BY move.commercial_partner_id
            """,
            partners=partner_ids,
            company=company.id,
        )

    @api.model
    def _get_credit_orders_query(self, company, partner_ids):
        """Uninvoiced part of confirmed orders per partner, taxes included, company currency.

        Per order line: ``max(product_uom_qty - invoiced_qty, 0) * price_total /
        product_uom_qty / order.currency_rate``. ``invoiced_qty`` is the stored
        ``qty_invoiced`` (invoices minus credit notes, posted or draft). When the company
        does not count draft invoices, quantities on draft invoices are added back, so an
        invoice being drafted from an order never makes its amount vanish.
        Down payments already invoiced (and not yet deducted by a final invoice) are
        subtracted: they are in the receivables (or draft invoices) already.
        Sections, notes and lines without quantity are left out.
        """
        draft_back = SQL("0")
        down_payment_states = ("posted", "draft")
        # A fully invoiced order has nothing left (qty_invoiced counts draft invoices):
        # skipping them keeps the cost on the open orders, not on the customer's history.
        open_orders = SQL("AND sale.invoice_status IS DISTINCT FROM 'invoiced'")
        if not company.credit_include_draft_invoices:
            open_orders = SQL()
            down_payment_states = ("posted",)
            draft_back = SQL(
                """
                COALESCE((
                    SELECT SUM(
                               CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                               * aml.quantity / COALESCE(from_uom.factor, 1)
                               * COALESCE(line_uom.factor, 1))
                      FROM sale_order_line_invoice_rel rel
                      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                      JOIN account_move move ON move.id = aml.move_id
                 LEFT JOIN uom_uom from_uom ON from_uom.id = aml.product_uom_id
                 LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom
                     WHERE rel.order_line_id = line.id AND move.state = 'draft'
                ), 0)
                """
            )
        return SQL(
            """
            SELECT partner.commercial_partner_id,
                   SUM(CASE WHEN line.is_downpayment
                       THEN -COALESCE((
                           SELECT SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                                      * aml.price_total)
                             FROM sale_order_line_invoice_rel rel
                             JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                             JOIN account_move move ON move.id = aml.move_id
                            WHERE rel.order_line_id = line.id
                              AND move.state IN %(down_payment_states)s
                       ), 0)
                       ELSE GREATEST(line.product_uom_qty - line.qty_invoiced + %(draft_back)s, 0)
                            * line.price_total / line.product_uom_qty
                       END
                       / COALESCE(NULLIF(sale.currency_rate, 0), 1))
              FROM sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN res_partner partner ON partner.id = sale.partner_id
             WHERE partner.commercial_partner_id = ANY(%(partners)s)
               AND sale.company_id = %(company)s
               AND sale.state = 'sale'
               AND line.display_type IS NULL
               AND (line.product_uom_qty > 0 OR line.is_downpayment)
               %(open_orders)s
          GROUP BY partner.commercial_partner_id
            """,
            down_payment_states=down_payment_states,
            draft_back=draft_back,
            open_orders=open_orders,
            partners=partner_ids,
            company=company.id,
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
        candidate_ids = self._get_credit_candidate_ids(company)
        candidates = self.browse(candidate_ids).with_company(company)
        matching = [p.id for p in candidates if compare(p[fname], value)]
        domain = [("commercial_partner_id", "in", matching)]
        if compare(0, value):
            domain = ["|", ("commercial_partner_id", "not in", candidate_ids), *domain]
        return domain

    @api.model
    def _get_credit_candidate_ids(self, company):
        """Commercial partners with an open receivable, a draft invoice or an order not
        fully invoiced in ``company`` (one query)."""
        self.env["account.move.line"].flush_model(
            ["reconciled", "parent_state", "partner_id"]
        )
        self.env["account.move"].flush_model(
            ["state", "move_type", "commercial_partner_id"]
        )
        self.env["sale.order"].flush_model(["state", "partner_id", "invoice_status"])
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND aml.reconciled IS NOT TRUE
                 UNION
                SELECT move.commercial_partner_id
                  FROM account_move move
                 WHERE move.company_id = %(company)s
                   AND move.state = 'draft'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.commercial_partner_id IS NOT NULL
                 UNION
                SELECT partner.commercial_partner_id
                  FROM sale_order sale
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 WHERE sale.company_id = %(company)s
                   AND sale.state = 'sale'
                   AND sale.invoice_status IS DISTINCT FROM 'invoiced'
                """,
                company=company.id,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _get_credit_receivable_domain(self, company):
        """Domain of the journal items summed in ``credit_exposure_receivable``."""
        return [
            ("partner_id.commercial_partner_id", "=", self.commercial_partner_id.id),
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
        ]

    def _get_credit_overdue_invoices(self, company, grace_days):
        """Return ``[(name, due date, residual)]`` of the posted receivable items of this
        commercial partner overdue by more than ``grace_days``, oldest first (max 20)."""
        self.ensure_one()
        limit_date = fields.Date.subtract(
            fields.Date.context_today(self), days=grace_days
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT move.name, MIN(aml.date_maturity), SUM(aml.amount_residual)
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE partner.commercial_partner_id = %(partner)s
                   AND aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND aml.reconciled IS NOT TRUE
                   AND aml.amount_residual > 0
                   AND aml.date_maturity < %(limit_date)s
              GROUP BY move.id, move.name
              ORDER BY MIN(aml.date_maturity), move.name
                 LIMIT 20
                """,
                partner=self.commercial_partner_id.id,
                company=company.id,
                limit_date=limit_date,
            )
        )
        return self.env.cr.fetchall()

    def _get_credit_limits(self, company):
        """Return ``{commercial_partner_id: credit limit}`` in ``company`` (one query)."""
        # sudo: credit_limit is restricted to accounting groups; salespeople see the
        # resulting exposure and available credit, not an editable limit.
        partners = self.commercial_partner_id.with_company(company).sudo()
        return {p.id: p.credit_limit for p in partners._origin}

    # --------------------------------------------------------------- security

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
            "Only a credit controller can change credit limits and credit holds of "
            "customers. Ask a member of the Credit Controller group."
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
                new = (
                    float(vals[fname] or 0.0)
                    if fname == "credit_limit"
                    else bool(vals[fname])
                )
                if current[fname] != new:
                    raise AccessError(self._credit_controller_only_message())
