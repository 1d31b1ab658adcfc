# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

# First key of our PostgreSQL advisory locks is this number plus the company id, the second
# is the customer's id: a space of its own, not mistaken for another application's locks.
ADVISORY_LOCK_SPACE = 0x53430000


class SaleCreditLock(models.Model):
    """The lock that serializes the credit checks of one customer in one company, and the
    stamps that tell a waiting check what it missed.

    A credit check reads the customer's exposure, then confirms (or holds) the order: two
    checks of the same customer must not run side by side, or both could pass where only
    one fits. :meth:`_acquire` takes a PostgreSQL advisory lock per customer and company
    until the end of the transaction. Nothing but the credit check takes these locks:
    quotations, invoices, payments and deliveries of the customer never wait for them (a
    lock on the customer's ``res_partner`` row would make every foreign-key check on it
    wait, and then fail).

    Waiting must not fail either. Odoo runs each request in one REPEATABLE READ transaction
    whose snapshot is taken at its first statement, so a check that waited for another does
    not see what that one committed. Rather than failing and being replayed whole by Odoo
    (up to five times, which many users confirming orders of one customer exhaust), a check
    that confirms orders leaves a row here (:meth:`_stamp`), and a later check asks
    :meth:`_get_stale_partner_ids` whether a row was committed after its own snapshot: only
    then does it read the exposure again on a fresh cursor (see
    ``sale.order._gate_check_holds``). One row per customer and company is kept: older ones
    are pruned.

    Users have no access rights on the model; administrators may read it (which customers'
    orders were last confirmed under the lock).
    """

    _name = "sale.credit.lock"
    _description = "Credit Check Stamp"
    _order = "id desc"
    # Only SQL writes rows; create_date would repeat what the id orders.
    _log_access = False

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="Commercial partner whose order was confirmed under the credit lock.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )

    def init(self):
        res = super().init()
        # The newest stamp of a customer is looked up on every credit check.
        create_index(
            self.env.cr,
            indexname="sale_credit_lock_company_partner_idx",
            tablename=self._table,
            expressions=["company_id", "partner_id", "id"],
        )
        return res

    @api.model
    def _acquire(self, company, partner_ids):
        """Lock the credit of ``partner_ids`` (commercial partners) in ``company`` until
        the end of the current transaction.

        A concurrent check of one of these customers waits until this transaction ends,
        then goes on: it never fails because it waited. Locks are taken in partner-id order
        (and callers lock companies in id order), so two checks locking several customers
        cannot deadlock each other.
        """
        company.ensure_one()
        partner_ids = sorted(set(partner_ids))
        if not partner_ids:
            return
        # One statement whatever the number of customers; the sorted subquery takes the
        # locks in partner order (a volatile function is evaluated after the sort).
        self.env.cr.execute(
            SQL(
                """
                SELECT pg_advisory_xact_lock(%s, locked.id)
                  FROM (SELECT unnest(%s::int[]) AS id ORDER BY 1) AS locked
                """,
                ADVISORY_LOCK_SPACE + company.id,
                partner_ids,
            )
        )

    @api.model
    def _get_stale_partner_ids(self, company, partner_ids):
        """Ids of ``partner_ids`` whose orders in ``company`` were confirmed by a
        transaction that committed after this transaction's snapshot (which misses them).

        The newest stamp of each customer, read on a fresh cursor, is looked up in this
        snapshot: missing means it was committed since. The fresh cursor also prunes the
        older, committed stamps. Call it holding the locks (nobody stamps meanwhile).
        """
        if not partner_ids or not self.pool.ready:
            # While modules load (installation, demo data), the table may have been created
            # by this very transaction: a fresh cursor would not see it, and no other
            # transaction confirms orders through this registry yet.
            return set()
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT partner_id, MAX(id) FROM sale_credit_lock
                     WHERE company_id = %s AND partner_id = ANY(%s)
                  GROUP BY partner_id
                    """,
                    company.id,
                    list(partner_ids),
                )
            )
            newest = dict(cr.fetchall())
            if newest:
                # Only the newest stamp of a customer is ever looked at.
                cr.execute(
                    SQL(
                        """
                        DELETE FROM sale_credit_lock
                         WHERE company_id = %s AND partner_id = ANY(%s)
                           AND id != ALL(%s)
                        """,
                        company.id,
                        list(newest),
                        list(newest.values()),
                    )
                )
        if not newest:
            return set()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sale_credit_lock WHERE id = ANY(%s)",
                list(newest.values()),
            )
        )
        seen = {row[0] for row in self.env.cr.fetchall()}
        return {partner for partner, stamp in newest.items() if stamp not in seen}

    @api.model
    def _stamp(self, company, partner_ids):
        """Record, in the current transaction, that orders of ``partner_ids`` are being
        confirmed in ``company``: checks waiting for their locks will know that their
        snapshot misses them (older stamps are pruned by the next check)."""
        partner_ids = sorted(set(partner_ids))
        if not partner_ids:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sale_credit_lock (partner_id, company_id)
                SELECT unnest(%s::int[]), %s
                """,
                partner_ids,
                company.id,
            )
        )

    @api.model
    def _get_fresh_env(self, cr):
        """A superuser environment on ``cr`` (a fresh cursor) with this one's context, to
        read what other transactions committed since this one's snapshot."""
        return api.Environment(cr, SUPERUSER_ID, self.env.context)
