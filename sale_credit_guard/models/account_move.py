# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from contextlib import contextmanager

from odoo import api, fields, models
from odoo.addons.sale_order_flow.tools import refuse_computed_fields
from odoo.exceptions import AccessError
from odoo.tools.sql import create_index

from .sale_credit_exposure import EMPTY_FIGURES

# Stored computed fields of journal entries the credit exposure reads: set by Odoo only.
EXPOSURE_COMPUTED_FIELDS = ("amount_total_signed", "commercial_partner_id")

# Where Odoo's own state transitions (post, reset to draft, cancel) record the entries they
# may change the state of, for the transaction (see _credit_allow_state_change).
STATE_CHANGE_KEY = "sale_credit_guard.account_move_state_change"


def refuse_changed_computed_fields(records, vals, fnames):
    """``refuse_computed_fields`` for the fields ``fnames`` whose value ``vals`` would
    change on one of ``records`` (Odoo's own code writes some of them back unchanged)."""
    will_change = records.env["account.move"]._field_will_change
    changed = {
        fname: vals[fname]
        for fname in fnames
        if fname in vals and any(will_change(record, vals, fname) for record in records)
    }
    refuse_computed_fields(records, changed, fnames=fnames)


class AccountMove(models.Model):
    _inherit = "account.move"

    # What accountants see on customer invoices. Information only: posting is never
    # blocked by the credit policy (shipped goods must be invoiced).
    credit_enabled = fields.Boolean(related="company_id.account_use_credit_limit")
    credit_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Credit Currency"
    )
    credit_partner_exposure = fields.Monetary(
        string="Customer Exposure",
        compute="_compute_credit_partner_info",
        currency_field="credit_company_currency_id",
    )
    credit_partner_limit = fields.Monetary(
        string="Customer Credit Limit",
        compute="_compute_credit_partner_info",
        currency_field="credit_company_currency_id",
    )
    credit_partner_overdue_amount = fields.Monetary(
        string="Customer Overdue Amount",
        compute="_compute_credit_partner_info",
        currency_field="credit_company_currency_id",
    )
    credit_partner_hold = fields.Boolean(
        string="Customer on Credit Hold", compute="_compute_credit_partner_info"
    )

    @api.depends("commercial_partner_id", "company_id", "move_type")
    def _compute_credit_partner_info(self):
        # Shown (and worth its queries) only where the company uses credit limits.
        shown = self.filtered(
            lambda m: m.is_sale_document(include_receipts=False)
            and m.commercial_partner_id
            and m.company_id.account_use_credit_limit
        )
        partners_by_company = {
            company: shown.filtered(
                lambda m, company=company: m.company_id == company
            ).commercial_partner_id
            for company in shown.company_id
        }
        figures = self.env["sale.credit.exposure"]._get_figures_by_company(
            partners_by_company
        )
        for move in self:
            key = (move.company_id.id, move.commercial_partner_id._origin.id)
            values = figures.get(key, EMPTY_FIGURES) if move in shown else EMPTY_FIGURES
            move.credit_partner_exposure = values["exposure"]
            move.credit_partner_limit = values["limit"]
            move.credit_partner_overdue_amount = values["overdue_amount"]
            move.credit_partner_hold = values["hold"]

    # === CRUD ===

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_computed_fields(self, vals, fnames=EXPOSURE_COMPUTED_FIELDS)
        if not self.env.su and any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise AccessError(self._credit_state_change_message())
        return super().create(vals_list)

    def write(self, vals):
        refuse_changed_computed_fields(self, vals, EXPOSURE_COMPUTED_FIELDS)
        if "state" in vals:
            self._check_credit_state_change(vals["state"])
        return super().write(vals)

    # === STATE TRANSITIONS ===

    def _post(self, soft=True):
        with self._credit_allow_state_change():
            return super()._post(soft=soft)

    def button_draft(self):
        """Reset to draft (Odoo's checks), the one way back from posted or cancelled."""
        with self._credit_allow_state_change():
            return super().button_draft()

    def button_cancel(self):
        """Cancel (Odoo's checks), the one way to cancelled."""
        with self._credit_allow_state_change():
            return super().button_cancel()

    @contextmanager
    def _credit_allow_state_change(self):
        """Let the entries of ``self`` change state while Odoo's own transition runs.

        A direct ``write({"state": ...})`` would skip the checks of posting, resetting and
        cancelling (balanced entry, hash-locked entries, reconciled payments, EDI
        cancellation...) and move amounts in or out of the credit exposure. The allowed
        ids live in the cursor's cache, which no RPC caller can reach (unlike the
        context).
        """
        stack = self.env.cr.cache.setdefault(STATE_CHANGE_KEY, [])
        stack.append(frozenset(self.ids))
        try:
            yield
        finally:
            stack.pop()

    def _check_credit_state_change(self, state):
        """Refuse to change the state of entries outside Odoo's transitions (superuser
        excepted)."""
        if self.env.su:
            return
        allowed = frozenset().union(*self.env.cr.cache.get(STATE_CHANGE_KEY, ()))
        if any(move.state != state and move.id not in allowed for move in self):
            raise AccessError(self._credit_state_change_message())

    @api.model
    def _credit_state_change_message(self):
        """The refusal of a direct change of state."""
        return self.env._(
            "The status of a journal entry changes through its buttons (Confirm, Reset "
            "to Draft, Cancel), which check that the change is allowed; it cannot be "
            "written directly."
        )

    def _is_counted_in_credit_exposure(self, count_drafts):
        """Whether this entry, linked to order lines, covers them in the credit exposure
        (``sale.order.credit_uninvoiced_amount``): posted customer invoices and credit
        notes, plus the draft invoices counted in the exposure when ``count_drafts`` (see
        ``sale.credit.exposure._get_counted_draft_domain``). Draft credit notes never
        count (prudence: a draft is deleted at will)."""
        self.ensure_one()
        if self.move_type not in ("out_invoice", "out_refund"):
            return False
        if self.state == "posted":
            return True
        return bool(
            count_drafts
            and self.filtered_domain(
                self.env["sale.credit.exposure"]._get_counted_draft_domain()
            )
        )

    def init(self):
        res = super().init()
        # Draft customer invoices are summed per commercial partner on every credit check.
        create_index(
            self.env.cr,
            indexname="account_move_credit_draft_partner_idx",
            tablename="account_move",
            expressions=["commercial_partner_id", "company_id"],
            where="state = 'draft' AND move_type IN ('out_invoice', 'out_refund')",
        )
        return res
