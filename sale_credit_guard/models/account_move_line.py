# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models
from odoo.addons.sale_order_flow.tools import refuse_computed_fields
from odoo.tools.sql import create_index

from .account_move import refuse_changed_computed_fields

# Stored computed fields of journal items the credit exposure reads (open receivables,
# invoiced quantities and down payments): set by Odoo only. ``company_id`` is only
# guarded on write: Odoo creates rounding lines with it, always the entry's company.
EXPOSURE_COMPUTED_FIELDS = (
    "amount_residual",
    "amount_residual_currency",
    "company_id",
    "parent_state",
    "price_total",
    "reconciled",
)
EXPOSURE_COMPUTED_FIELDS_CREATE = tuple(
    fname for fname in EXPOSURE_COMPUTED_FIELDS if fname != "company_id"
)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_computed_fields(self, vals, fnames=EXPOSURE_COMPUTED_FIELDS_CREATE)
        return super().create(vals_list)

    def write(self, vals):
        refuse_changed_computed_fields(self, vals, EXPOSURE_COMPUTED_FIELDS)
        return super().write(vals)

    def init(self):
        res = super().init()
        # The open items of a customer, read on every credit check
        # (sale.credit.exposure._read_receivables): every column the check reads is in the
        # index, so PostgreSQL adds up a customer's items without visiting the table, and
        # only items left open (a small part of the journal items) are in it. The
        # condition matches the receivable domain as the ORM writes it.
        create_index(
            self.env.cr,
            indexname="account_move_line_credit_open_idx",
            tablename="account_move_line",
            expressions=[
                "partner_id",
                "date_maturity",
                "company_id",
                "account_id",
                "amount_residual",
            ],
            where="amount_residual != 0 AND parent_state = 'posted' "
            "AND (reconciled IS NULL OR reconciled = false)",
        )
        return res
