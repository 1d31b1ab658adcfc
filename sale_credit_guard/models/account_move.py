# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools.sql import create_index

from .sale_credit_exposure import EMPTY_FIGURES


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
