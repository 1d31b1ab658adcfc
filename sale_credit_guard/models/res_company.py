# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.addons.sale_order_flow.tools import MAX_AMOUNT, MAX_DAYS


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_hold_orders = fields.Boolean(
        string="Hold Orders Over Credit",
        help="Put on credit hold, instead of confirming, the orders of customers who are "
        "over their credit limit, on manual credit hold or overdue beyond the grace days. "
        "Needs Sales Credit Limit. When off, Odoo's credit limit only warns, as in "
        "standard Odoo.",
    )
    credit_overdue_grace_days = fields.Integer(
        string="Overdue Grace Days",
        default=30,
        help="Orders of a customer are held when one of their posted invoices is overdue "
        "by more than this number of days (only when Sales Credit Limit is enabled).",
    )
    credit_overdue_min_amount = fields.Monetary(
        string="Minimum Overdue Amount",
        currency_field="currency_id",
        help="Invoices overdue beyond the grace days hold orders only when together they "
        "amount to at least this much (company currency). 0: any overdue amount holds. "
        "A credit controller may set another minimum on a customer.",
    )
    credit_limit_tolerance = fields.Float(
        string="Tolerance Over the Limit (%)",
        help="How far, in percent of the credit limit, the exposure may go over the limit "
        "before orders are held. 0: orders are held as soon as the limit is exceeded.",
    )
    credit_include_draft_invoices = fields.Boolean(
        string="Count Draft Invoices in Exposure",
        default=True,
        help="Count draft customer invoices and credit notes in the customer's exposure. "
        "When off, amounts drafted from confirmed orders keep counting as orders.",
    )
    credit_check_on_delivery = fields.Boolean(
        string="Check Credit on Delivery",
        help="Check the credit policy again when an outgoing delivery of a sales order is "
        "validated. Credit controllers may still validate it.",
    )
    credit_controller_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit Controller",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("sale_credit_guard.group_credit_controller").ids,
            )
        ],
        help="Receives the activity of every order put on credit hold in this company. "
        "When empty, every credit controller of the company receives one (settings "
        "administrators excepted).",
    )

    @api.model
    def _get_setting_bounds(self):
        # Checked on create, write and Settings by sale.bounded.numbers.mixin.
        return {
            **super()._get_setting_bounds(),
            "credit_overdue_grace_days": (0, MAX_DAYS),
            "credit_overdue_min_amount": (0.0, MAX_AMOUNT),
            "credit_limit_tolerance": (0.0, 100.0),
        }

    def _credit_policy_enabled(self):
        """Whether orders of this company are held by the credit policy.

        Both Odoo's *Sales Credit Limit* and our *Hold Orders Over Credit* must be on:
        a company that uses Odoo's credit limit as a mere warning keeps that behaviour
        when the addon is installed. Every blocking path asks this method.
        """
        self.ensure_one()
        return bool(self.account_use_credit_limit and self.credit_hold_orders)
