# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools.sql import create_index

from .res_partner import EMPTY_EXPOSURE


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
        by_company = defaultdict(lambda: self.browse())
        for move in self:
            # Shown (and worth its queries) only where the company uses credit limits.
            if (
                move.is_sale_document(include_receipts=False)
                and move.commercial_partner_id
                and move.company_id.account_use_credit_limit
            ):
                by_company[move.company_id] |= move
        self.update(
            {
                "credit_partner_exposure": 0.0,
                "credit_partner_limit": 0.0,
                "credit_partner_overdue_amount": 0.0,
                "credit_partner_hold": False,
            }
        )
        for company, moves in by_company.items():
            partners = moves.commercial_partner_id
            data = partners._get_credit_exposure_data(company)
            limits = partners._get_credit_limits(company)
            # sudo: the hold flag is shown to accountants, edited by controllers only.
            holds = {
                p.id: p.credit_hold
                for p in partners.with_company(company).sudo()._origin
            }
            for move in moves:
                partner_id = move.commercial_partner_id._origin.id
                values = data.get(partner_id, EMPTY_EXPOSURE)
                move.credit_partner_exposure = values["exposure"]
                move.credit_partner_limit = limits.get(partner_id, 0.0)
                move.credit_partner_overdue_amount = values["overdue_amount"]
                move.credit_partner_hold = holds.get(partner_id, False)

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
