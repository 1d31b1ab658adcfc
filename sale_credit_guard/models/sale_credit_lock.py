# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import SQL


class SaleCreditLock(models.Model):
    """The lock that serializes the credit checks of one customer in one company.

    A credit check reads the customer's exposure, then confirms (or holds) the order: two
    checks of the same customer must not run side by side, or both could pass where only
    one fits. They take the row of that customer and company here, not the customer's
    ``res_partner`` row: every quotation, invoice, payment or delivery of the customer takes
    a key-share lock on its ``res_partner`` row (foreign-key check), which a lock on that row
    would make wait, and then fail with a serialization error. Nothing but ``_acquire``
    reads or writes this table, so nobody else ever waits for it.

    Rows are created on demand and never deleted (they go with their customer or company;
    merging partners keeps the destination's). Only ``_acquire`` uses the model, in SQL;
    users have no access rights on it (administrators may read it, to see which customers
    are checked and when).
    """

    _name = "sale.credit.lock"
    _description = "Credit Check Lock"
    # Only _acquire's SQL writes rows: who created or wrote them carries no meaning, and
    # last_check already tells when the row was last taken.
    _log_access = False

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="Commercial partner whose credit checks the row serializes.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )
    last_check = fields.Datetime(
        string="Last Credit Check",
        readonly=True,
        help="Start of the last transaction that checked the customer's credit. Writing "
        "it is what makes a concurrent check restart (see _acquire).",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "One credit lock per customer and company.",
        )
    ]

    @api.model
    def _acquire(self, company, partner_ids):
        """Lock the credit of ``partner_ids`` (commercial partners) in ``company`` until
        the end of the current transaction.

        A second transaction acquiring one of these locks waits until this one ends, then
        fails with a serialization error (``SerializationFailure``), which Odoo retries
        (``odoo.service.model.retrying``) in a new transaction whose snapshot shows what
        this one committed, e.g. the order it confirmed. A transaction that started after
        this one committed takes the lock without waiting. With PostgreSQL's lock timeout
        the waiter fails with ``LockNotAvailable`` instead, retried as well.

        How each case ends that way, under Odoo's REPEATABLE READ isolation:

        - the row exists and is visible: ``FOR NO KEY UPDATE`` waits for a holder; the
          ``UPDATE`` that follows gives it a new version, so a waiter whose snapshot
          predates the holder's commit fails (a lock alone would let it go on with its
          stale snapshot);
        - the row is missing from our snapshot: ``INSERT ... ON CONFLICT DO NOTHING``.
          If another transaction inserted it and has not committed, the insert waits for
          it; if that transaction committed after our snapshot, PostgreSQL raises a
          serialization error (the conflicting row is invisible to us), never a
          ``UniqueViolation``, which Odoo would not retry.

        Locks are taken in one order (partner id, inserts before row locks), so two
        transactions locking several customers cannot deadlock each other. Nothing else
        touches the table: quotations, invoices, payments and deliveries of the customer
        never wait for these locks. The price of serializing under REPEATABLE READ: a
        check that waited is replayed whole by Odoo, at most 5 times in all
        (``MAX_TRIES_ON_CONCURRENCY_FAILURE``).

        :param company: ``res.company`` record of the credit checks
        :param partner_ids: ids of commercial partners (any order, duplicates allowed)
        """
        company.ensure_one()
        partner_ids = sorted(set(partner_ids))
        if not partner_ids:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sale_credit_lock (partner_id, company_id)
                SELECT partner.id, %(company)s
                  FROM unnest(%(partners)s::int[]) AS partner(id)
                 WHERE NOT EXISTS (
                        SELECT FROM sale_credit_lock lock
                         WHERE lock.partner_id = partner.id
                           AND lock.company_id = %(company)s)
                 ORDER BY partner.id
                ON CONFLICT (partner_id, company_id) DO NOTHING
                """,
                company=company.id,
                partners=partner_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE sale_credit_lock
                   SET last_check = now() AT TIME ZONE 'UTC'
                 WHERE id IN (
                        SELECT id FROM sale_credit_lock
                         WHERE company_id = %(company)s
                           AND partner_id = ANY(%(partners)s)
                         ORDER BY partner_id
                           FOR NO KEY UPDATE)
                """,
                company=company.id,
                partners=partner_ids,
            )
        )
        self.invalidate_model(["last_check"])
