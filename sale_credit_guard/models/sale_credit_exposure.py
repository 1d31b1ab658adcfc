# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import SQL

# The exposure parts of a customer without any open document.
EMPTY_EXPOSURE = {
    "receivable": 0.0,
    "invoices_draft": 0.0,
    "orders": 0.0,
    "exposure": 0.0,
    "overdue_amount": 0.0,
    "oldest_due_date": False,
}

# The figures of a customer without any open document, limit or hold.
EMPTY_FIGURES = {
    **EMPTY_EXPOSURE,
    "limit": 0.0,
    "limit_applied": "none",
    "hold": False,
    "available": 0.0,
    "overdue_days": 0,
}


class SaleCreditExposure(models.AbstractModel):
    """The credit exposure engine: what customers owe and have ordered, per company.

    The exposure of a commercial partner in a company (in the company currency) is the sum
    of three parts, each defined by one domain. The same domain drives the aggregate query,
    the search on the credit figures and the button that opens the records behind the
    number, so what the user clicks is what was added up:

    - **open receivables** (``_get_receivable_domain``): posted, unreconciled journal items
      on receivable accounts: invoices, minus posted credit notes, minus payments not yet
      matched;
    - **draft invoices** (``_get_invoices_draft_domain``), when the company counts them:
      draft customer invoices with a positive total. Draft credit notes never lower the
      exposure: they only count once posted;
    - **orders not invoiced** (``_get_orders_domain``): the part of each confirmed order,
      taxes included, that no posted invoice (nor a counted draft invoice) covers yet, down
      payments deducted. Each order counts for zero at least, so a negative order never
      lowers the exposure; negative lines still lower the order they belong to.

    Every number is read from records users cannot set by hand: the stored computed
    fields read here are refused to users (see ``account.move``, ``account.move.line``,
    ``res.partner`` and the order guard of ``sale_order_flow``).

    The queries run on the whole set of customers at once: a fixed number of queries per
    company, whatever the number of customers, invoices and orders.
    """

    _name = "sale.credit.exposure"
    _description = "Customer Credit Exposure"

    # === FIGURES ===

    @api.model
    def _get_figures_by_company(self, partners_by_company):
        """Return the credit figures of customers, for each company, in one batch each.

        :param partners_by_company: ``{company: partners}``; contacts stand for their
            commercial partner, new (unsaved) records are skipped
        :return: ``{(company_id, commercial_partner_id): figures}`` with every commercial
            partner asked for, ``figures`` being the exposure parts of
            ``_get_exposure_data`` plus ``limit``, ``hold`` (manual credit hold),
            ``available`` (limit minus exposure, zero without limit) and
            ``overdue_days`` (age of the oldest overdue item), in company currency.
            Four queries per company (three with draft invoices not counted).
        """
        figures = {}
        for company, partners in partners_by_company.items():
            commercial = partners.commercial_partner_id._origin
            if not commercial:
                continue
            data = self._get_exposure_data(company, commercial)
            for partner_id, terms in self._get_credit_terms(
                company, commercial
            ).items():
                values = data.get(partner_id, EMPTY_EXPOSURE)
                limit = terms["limit"]
                figures[company.id, partner_id] = {
                    **values,
                    "limit": limit,
                    "limit_applied": terms["limit_applied"],
                    "hold": terms["hold"],
                    "available": limit - values["exposure"] if limit else 0.0,
                    "overdue_days": self._get_overdue_days(values["oldest_due_date"]),
                }
        return figures

    @api.model
    def _get_exposure_data(self, company, partners):
        """Return the exposure parts of the commercial partners of ``partners`` in
        ``company``.

        One aggregate query per part for the whole recordset: ``{commercial_partner_id:
        {"receivable", "invoices_draft", "orders", "exposure", "overdue_amount",
        "oldest_due_date"}}`` in company currency, ``exposure`` being the sum of the three
        parts (the one place that adds them up). Partners without any document are absent
        from the result.
        """
        partner_ids = sorted(set(partners.commercial_partner_id._origin.ids))
        if not partner_ids:
            return {}
        self._flush_exposure_fields()
        data = {}

        def values(partner_id):
            return data.setdefault(partner_id, dict(EMPTY_EXPOSURE))

        today = fields.Date.context_today(self)
        for partner_id, receivable, overdue, oldest_due in self._read_receivables(
            company, partner_ids, today
        ):
            values(partner_id).update(
                receivable=receivable or 0.0,
                overdue_amount=overdue or 0.0,
                oldest_due_date=oldest_due,
            )
        if company.credit_include_draft_invoices:
            for partner, amount in self._read_invoices_draft(company, partner_ids):
                values(partner.id)["invoices_draft"] = amount or 0.0
        for partner_id, amount in self._read_orders(company, partner_ids):
            values(partner_id)["orders"] = company.currency_id.round(amount or 0.0)
        for parts in data.values():
            parts["exposure"] = (
                parts["receivable"] + parts["invoices_draft"] + parts["orders"]
            )
        return data

    @api.model
    def _get_credit_terms(self, company, partners):
        """Return the credit terms of the commercial partners of ``partners`` in
        ``company`` today (one query): ``{commercial_partner_id: {"limit",
        "limit_applied", "permanent_limit", "temporary_limit", "temporary_expiry",
        "hold", "grace_days", "overdue_min_amount", "tolerance"}}``.

        ``limit`` is the limit that applies today: the temporary limit up to and
        including its expiry date, else the credit limit (0: no limit); ``limit_applied``
        says which ("none", "permanent" or "temporary"). The grace days and minimum
        overdue amount are the customer's own when it has own overdue rules, else the
        company's. The expiry is read here, on every check: a temporary limit ends on
        time whether or not the job announcing it ran.
        """
        # sudo: credit_limit is restricted to accounting groups, but the policy applies
        # whoever confirms the order; salespeople see the figures, not an editable limit.
        commercial = partners.commercial_partner_id._origin.with_company(company).sudo()
        today = fields.Date.context_today(self)
        terms = {}
        for partner in commercial:
            temporary = partner.credit_limit_temporary_expiry and (
                partner.credit_limit_temporary > 0
                and today <= partner.credit_limit_temporary_expiry
            )
            limit = (
                partner.credit_limit_temporary if temporary else partner.credit_limit
            )
            own_overdue = partner.credit_overdue_custom
            terms[partner.id] = {
                "limit": limit,
                "limit_applied": (
                    "temporary" if temporary else "permanent" if limit else "none"
                ),
                "permanent_limit": partner.credit_limit,
                "temporary_limit": partner.credit_limit_temporary,
                "temporary_expiry": partner.credit_limit_temporary_expiry,
                "hold": partner.credit_hold,
                "grace_days": (
                    partner.credit_overdue_grace_days
                    if own_overdue
                    else company.credit_overdue_grace_days
                ),
                "overdue_min_amount": (
                    partner.credit_overdue_min_amount
                    if own_overdue
                    else company.credit_overdue_min_amount
                ),
                "tolerance": company.credit_limit_tolerance,
            }
        return terms

    @api.model
    def _get_limits_and_holds(self, company, partners):
        """Return ``{commercial_partner_id: (credit limit applied today, manual hold)}``
        in ``company`` (one query; see ``_get_credit_terms``)."""
        return {
            partner_id: (terms["limit"], terms["hold"])
            for partner_id, terms in self._get_credit_terms(company, partners).items()
        }

    @api.model
    def _is_over_limit(self, company, exposure, limit, tolerance):
        """Whether ``exposure`` breaks ``limit`` (0: no limit) once the tolerance of
        ``tolerance`` percent over it is granted: the one comparison of the policy, the
        order preview and the credit check."""
        if not limit:
            return False
        ceiling = limit * (1 + (tolerance or 0.0) / 100)
        return company.currency_id.compare_amounts(exposure, ceiling) > 0

    @api.model
    def _get_overdue_days(self, oldest_due_date):
        """Age in days, today, of an item due on ``oldest_due_date`` (0 without date)."""
        if not oldest_due_date:
            return 0
        return (fields.Date.context_today(self) - oldest_due_date).days

    @api.model
    def _get_candidate_ids(self, company):
        """Commercial partners with an open receivable, a draft invoice or an order not
        fully invoiced in ``company`` (one query): every other customer has all its
        figures at zero."""
        self._flush_exposure_fields()
        receivable, partner = self._get_receivable_query(company)
        drafts = self._where_calc_sudo(
            "account.move", self._get_invoices_draft_domain(company)
        )
        orders, order_partner = self._get_orders_query(company)
        self.env.cr.execute(
            SQL(
                "%s UNION %s UNION %s",
                receivable.select(SQL.identifier(partner, "commercial_partner_id")),
                drafts.select(SQL.identifier(drafts.table, "commercial_partner_id")),
                orders.select(SQL.identifier(order_partner, "commercial_partner_id")),
            )
        )
        return [row[0] for row in self.env.cr.fetchall() if row[0]]

    @api.model
    def _get_overdue_invoices(self, company, partner, limit_date, limit=20):
        """Return ``([(name, due date, open amount)], total)``: the documents of the
        commercial partner ``partner`` with debits due before ``limit_date`` and still
        open once its open credits are set against them (see
        ``_get_receivable_items_sql``), oldest first (at most ``limit``), and the open
        amount of all of them (one query)."""
        self._flush_exposure_fields()
        self.env.cr.execute(
            SQL(
                """SELECT move.name, MIN(items.due), SUM(items.open),
                          SUM(SUM(items.open)) OVER ()
                     FROM (%(items)s) AS items
                     JOIN account_move move ON move.id = items.move_id
                    WHERE items.open > 0 AND items.due < %(limit_date)s
                 GROUP BY move.id, move.name
                 ORDER BY MIN(items.due), move.name
                    LIMIT %(limit)s""",
                items=self._get_receivable_items_sql(company, [partner.id]),
                limit_date=limit_date,
                limit=limit,
            )
        )
        rows = self.env.cr.fetchall()
        total = rows[0][3] if rows else 0.0
        return [row[:3] for row in rows], total

    @api.model
    def _get_prepayments(self, orders):
        """Return what was paid in advance on ``orders`` (quotations being checked), in
        company currency: ``{order_id: {"prepaid", "booked"}}`` (one query).

        - ``prepaid``: the done payment transactions of the order (refunds deducted, in the
          order's currency only), plus what is paid of its posted down payment invoices not
          paid by one of those transactions (else the same money would count twice);
        - ``booked``: the open receivable of the documents of those prepayments (its down
          payment invoices and the payments of its transactions), already in the customer's
          exposure: the credit check takes it out of the exposure and adds the order's
          unpaid part instead, so that each prepayment lowers the exposure once.

        Orders without any prepayment are absent from the result.
        """
        order_ids = sorted(set(orders._origin.ids))
        if not order_ids:
            return {}
        self._flush_exposure_fields()
        self.env["payment.transaction"].flush_model(
            ["amount", "currency_id", "operation", "payment_id", "state"]
        )
        self.env["account.payment"].flush_model(["move_id"])
        self.env["account.move"].flush_model(["amount_residual_signed"])
        self.env["sale.order"].flush_model(["currency_id", "transaction_ids"])
        self.env["account.move"].flush_model(["transaction_ids"])
        self.env["sale.order.line"].flush_model(["is_downpayment"])
        self.env.cr.execute(
            SQL(
                """
            WITH tx AS (
                SELECT rel.sale_order_id AS order_id, tx.id, tx.payment_id,
                       tx.amount / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
                  FROM sale_order_transaction_rel rel
                  JOIN payment_transaction tx ON tx.id = rel.transaction_id
                  JOIN sale_order so ON so.id = rel.sale_order_id
                 WHERE rel.sale_order_id = ANY(%(ids)s)
                   AND tx.state = 'done'
                   AND tx.operation IS DISTINCT FROM 'validation'
                   AND tx.currency_id = so.currency_id
            ), dp AS (
                SELECT DISTINCT line.order_id, move.id AS move_id,
                       move.amount_total_signed - move.amount_residual_signed AS paid,
                       EXISTS(SELECT 1
                                FROM account_invoice_transaction_rel itx
                                JOIN tx ON tx.id = itx.transaction_id
                                       AND tx.order_id = line.order_id
                               WHERE itx.invoice_id = move.id) AS paid_by_tx
                  FROM sale_order_line line
                  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = line.id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE line.order_id = ANY(%(ids)s)
                   AND line.is_downpayment
                   AND move.state = 'posted'
                   AND move.move_type = 'out_invoice'
            ), docs AS (
                SELECT dp.order_id, dp.move_id FROM dp
                 UNION
                SELECT tx.order_id, pay.move_id
                  FROM tx JOIN account_payment pay ON pay.id = tx.payment_id
                 WHERE pay.move_id IS NOT NULL
            )
            SELECT so.id,
                   COALESCE((SELECT SUM(tx.amount) FROM tx WHERE tx.order_id = so.id), 0)
                   + COALESCE((SELECT SUM(dp.paid) FROM dp
                                WHERE dp.order_id = so.id AND NOT dp.paid_by_tx), 0),
                   COALESCE((SELECT SUM(aml.amount_residual)
                               FROM docs
                               JOIN account_move_line aml ON aml.move_id = docs.move_id
                               JOIN account_account acc ON acc.id = aml.account_id
                              WHERE docs.order_id = so.id
                                AND aml.parent_state = 'posted'
                                AND aml.reconciled IS NOT TRUE
                                AND acc.account_type = 'asset_receivable'), 0)
              FROM sale_order so
             WHERE so.id = ANY(%(ids)s)
               AND (EXISTS(SELECT 1 FROM tx WHERE tx.order_id = so.id)
                    OR EXISTS(SELECT 1 FROM dp WHERE dp.order_id = so.id))
                """,
                ids=order_ids,
            )
        )
        return {
            order_id: {"prepaid": prepaid or 0.0, "booked": booked or 0.0}
            for order_id, prepaid, booked in self.env.cr.fetchall()
        }

    # === DOMAINS ===

    @api.model
    def _get_receivable_domain(self, company, partner_ids=None):
        """Domain of the journal items making the open receivables of ``company``: posted,
        not reconciled, on a receivable account; of the commercial partners
        ``partner_ids`` (all when ``None``). Their residual is the receivable part.

        The items of the whole company tree (its root and every branch) count, as in
        Odoo's ``credit`` (Total Receivable): branches share their receivables, and the
        two figures on the same customer form agree."""
        return [
            ("company_id", "child_of", company.root_id.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            # Items with nothing left add nothing; the condition lets PostgreSQL read the
            # open items from a small partial index (account_move_line_credit_open_idx).
            ("amount_residual", "!=", 0),
            *self._partner_leaf("partner_id.commercial_partner_id", partner_ids),
        ]

    @api.model
    def _get_invoices_draft_domain(self, company, partner_ids=None):
        """Domain of the draft customer invoices counted in the exposure (when the company
        counts draft invoices). Draft credit notes (and draft invoices with a negative
        total) are left out: a draft anyone can delete never lowers the exposure."""
        return [
            ("company_id", "=", company.id),
            *self._get_counted_draft_domain(),
            *self._partner_leaf("commercial_partner_id", partner_ids),
        ]

    @api.model
    def _get_counted_draft_domain(self):
        """What makes a draft entry count in the exposure, in any company: a customer
        invoice with a positive total. The one rule of the draft invoices part and of the
        orders they cover (``account.move._is_counted_in_credit_exposure``)."""
        return [
            ("state", "=", "draft"),
            ("move_type", "=", "out_invoice"),
            ("amount_total_signed", ">", 0),
        ]

    @api.model
    def _get_orders_domain(self, company, partner_ids=None):
        """Domain of the confirmed orders counted in the exposure: those with a part not
        invoiced yet (``sale.order.credit_uninvoiced_amount``, which leaves out fully
        invoiced orders when draft invoices count)."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "sale"),
            ("credit_uninvoiced_amount", ">", 0),
            *self._partner_leaf("partner_id.commercial_partner_id", partner_ids),
        ]

    @api.model
    def _partner_leaf(self, fname, partner_ids):
        """``[(fname, "in", partner_ids)]``, or nothing when ``partner_ids`` is ``None``."""
        return [] if partner_ids is None else [(fname, "in", list(partner_ids))]

    # === QUERIES ===

    @api.model
    def _flush_exposure_fields(self):
        """Push the pending ORM writes of every field the exposure queries read."""
        self.env["account.move.line"].flush_model(
            [
                "account_id",
                "amount_residual",
                "company_id",
                "date_maturity",
                "move_id",
                "parent_state",
                "partner_id",
                "price_total",
                "product_uom_id",
                "quantity",
                "reconciled",
            ]
        )
        self.env["account.move"].flush_model(
            [
                "amount_total_signed",
                "commercial_partner_id",
                "company_id",
                "move_type",
                "name",
                "state",
            ]
        )
        self.env["sale.order.line"].flush_model(
            [
                "display_type",
                "invoice_lines",
                "is_downpayment",
                "order_id",
                "price_total",
                "product_uom",
                "product_uom_qty",
                "qty_invoiced",
                "untaxed_amount_invoiced",
            ]
        )
        self.env["sale.order"].flush_model(
            [
                "company_id",
                "credit_uninvoiced_amount",
                "currency_rate",
                "partner_id",
                "state",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])

    @api.model
    def _where_calc_sudo(self, model_name, domain):
        """The query of ``domain`` on ``model_name``, without access rules."""
        # sudo: the exposure adds up documents the user may not read (a salesperson and
        # journal items); only totals per customer come out of it.
        return self.env[model_name].sudo()._where_calc(domain, active_test=False)

    @api.model
    def _get_customer_query(self, model_name, domain, partner_ids=None):
        """The query of ``domain`` on ``model_name`` joined to the partner of its records
        (``partner_id``), of the commercial partners ``partner_ids`` (all when ``None``):
        ``(query, partner table alias)``."""
        query = self._where_calc_sudo(model_name, domain)
        partner = query.join(query.table, "partner_id", "res_partner", "id", "partner")
        if partner_ids is not None:
            query.add_where(
                SQL(
                    "%s = ANY(%s)",
                    SQL.identifier(partner, "commercial_partner_id"),
                    list(partner_ids),
                )
            )
        return query, partner

    @api.model
    def _get_receivable_query(self, company, partner_ids=None):
        """The query of the open receivable journal items (``_get_receivable_domain``),
        joined to their partner: ``(query, partner table alias)``. The one receivable
        filter: the exposure, the candidates of a search and the overdue invoices select
        from it."""
        return self._get_customer_query(
            "account.move.line", self._get_receivable_domain(company), partner_ids
        )

    @api.model
    def _get_orders_query(self, company, partner_ids=None):
        """The query of the orders counted (``_get_orders_domain``), joined to their
        customer: ``(query, partner table alias)``."""
        return self._get_customer_query(
            "sale.order", self._get_orders_domain(company), partner_ids
        )

    @api.model
    def _get_receivable_items_sql(self, company, partner_ids):
        """The open receivable items of ``partner_ids`` in ``company`` (see
        ``_get_receivable_query``), one row each: ``partner_id`` (commercial), ``move_id``,
        ``due``, ``residual`` and ``open``.

        ``open`` is what is left of a debit once the customer's open credits (payments and
        credit notes not matched yet) are set against its debits, oldest due first: the
        overdue figures are read from it, so that they never exceed the receivables and
        an invoice paid by a payment not matched yet is not overdue. Credits have none.
        """
        query, partner = self._get_receivable_query(company, partner_ids)
        line = query.table
        residual = SQL.identifier(line, "amount_residual")
        due = SQL.identifier(line, "date_maturity")
        commercial = SQL.identifier(partner, "commercial_partner_id")
        items = query.select(
            commercial,
            SQL.identifier(line, "move_id"),
            due,
            residual,
            # The open credits of the customer, as a positive amount.
            SQL("-SUM(LEAST(%s, 0)) OVER (PARTITION BY %s)", residual, commercial),
            # The debits due up to this one (included), oldest first.
            SQL(
                """SUM(GREATEST(%s, 0)) OVER (PARTITION BY %s ORDER BY %s NULLS LAST, %s
                                          ROWS UNBOUNDED PRECEDING)""",
                residual,
                commercial,
                due,
                SQL.identifier(line, "id"),
            ),
        )
        return SQL(
            """SELECT partner_id, move_id, due, residual,
                      LEAST(GREATEST(residual, 0), GREATEST(debits - credits, 0)) AS open
                 FROM (%s) AS item(partner_id, move_id, due, residual, credits, debits)""",
            items,
        )

    @api.model
    def _read_receivables(self, company, partner_ids, today):
        """Rows ``(commercial_partner_id, open receivable, overdue amount, oldest overdue
        due date)`` of ``partner_ids`` in ``company`` (see ``_get_receivables_sql``)."""
        # No JIT for the credit queries: the estimates of a large customer cross
        # PostgreSQL's JIT threshold, and compiling costs many times running (seconds
        # against milliseconds, make bench). This transaction runs without JIT from here on
        # (SET LOCAL): it is an order's confirmation, short queries only.
        self.env.cr.execute(
            SQL(
                "SET LOCAL jit = off; %s",
                self._get_receivables_sql(company, partner_ids, today),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _get_receivables_sql(self, company, partner_ids, today):
        """The figures of ``_get_receivable_items_sql`` per commercial partner, without a
        row per item: ``(commercial_partner_id, open receivable, overdue amount, oldest
        overdue due date)``.

        The open credits of a customer are set against its debits oldest due first, so
        the debits past due are always the first ones consumed: what is left open of them
        is ``max(debits past due - credits, 0)``, and the oldest overdue due date is the
        first due date by which the debits exceed the credits. So the customer's items
        are only added up (receivable and credits), and those past due, a part of them
        read from the index by due date, per due date. Both read a partial index of the
        open items (``account_move_line_credit_open_idx``) without visiting the journal
        items.
        """
        totals, partner = self._get_receivable_query(company, partner_ids)
        residual = SQL.identifier(totals.table, "amount_residual")
        commercial = SQL.identifier(partner, "commercial_partner_id")
        totals.groupby = commercial
        past_due, partner = self._get_receivable_query(company, partner_ids)
        due = SQL.identifier(past_due.table, "date_maturity")
        past_due.add_where(SQL("%s < %s", due, today))
        past_due.groupby = SQL(
            "%s, %s", SQL.identifier(partner, "commercial_partner_id"), due
        )
        return SQL(
            """SELECT totals.partner_id, totals.residual,
                      GREATEST(COALESCE(SUM(dues.debits), 0) - totals.credits, 0),
                      MIN(dues.due) FILTER (WHERE dues.debits_by_due > totals.credits)
                 FROM (%(totals)s) AS totals(partner_id, residual, credits)
            LEFT JOIN (SELECT partner_id, due, debits,
                              SUM(debits) OVER (PARTITION BY partner_id ORDER BY due
                                                ROWS UNBOUNDED PRECEDING) AS debits_by_due
                         FROM (%(past_due)s) AS past_due(partner_id, due, debits)
                      ) AS dues ON dues.partner_id = totals.partner_id
             GROUP BY totals.partner_id, totals.residual, totals.credits""",
            totals=totals.select(
                commercial,
                SQL("SUM(%s)", residual),
                SQL("-SUM(LEAST(%s, 0))", residual),
            ),
            past_due=past_due.select(
                SQL.identifier(partner, "commercial_partner_id"),
                due,
                SQL(
                    "SUM(GREATEST(%s, 0))",
                    SQL.identifier(past_due.table, "amount_residual"),
                ),
            ),
        )

    @api.model
    def _read_invoices_draft(self, company, partner_ids):
        """Rows ``(commercial partner, total)`` of the draft invoices counted, in company
        currency."""
        # sudo: see _where_calc_sudo; totals only.
        return (
            self.env["account.move"]
            .sudo()
            ._read_group(
                self._get_invoices_draft_domain(company, partner_ids),
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )

    @api.model
    def _read_orders(self, company, partner_ids):
        """Rows ``(commercial_partner_id, amount)`` of the confirmed orders of
        ``partner_ids`` in ``company``, for their part not invoiced yet, taxes included, in
        company currency (see ``_get_orders_sql``)."""
        self.env.cr.execute(self._get_orders_sql(company, partner_ids))
        return self.env.cr.fetchall()

    @api.model
    def _get_orders_sql(self, company, partner_ids):
        """The sum of the stored ``credit_uninvoiced_amount`` of the orders counted, per
        commercial partner, read from a partial index (``sale_order_credit_uninvoiced_idx``)
        without visiting the orders."""
        query, partner = self._get_orders_query(company, partner_ids)
        commercial = SQL.identifier(partner, "commercial_partner_id")
        query.groupby = commercial
        return query.select(
            commercial,
            SQL("SUM(%s)", SQL.identifier(query.table, "credit_uninvoiced_amount")),
        )
