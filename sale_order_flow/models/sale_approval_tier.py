# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools

from ..tools import MAX_AMOUNT, MAX_DAYS


class SaleApprovalTier(models.Model):
    _name = "sale.approval.tier"
    _inherit = ["sale.bounded.numbers.mixin"]
    _description = "Sales Approval Tier"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        string="Level",
        default=10,
        help="Tiers are approved in this order, lowest first.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_amount = fields.Monetary(
        string="Minimum Untaxed Amount",
        currency_field="currency_id",
        help="Orders whose untaxed amount (in company currency) reaches this amount need "
        "this tier.",
    )
    order_type_ids = fields.Many2many(
        comodel_name="sale.order.type",
        string="Order Types",
        check_company=True,
        help="Order types this tier applies to. Empty: all types.",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approvers",
        required=True,
        default=lambda self: self.env.ref(
            "sale_order_flow.group_sale_approver", raise_if_not_found=False
        ),
        help="Members of this group approve the orders at this tier.",
    )
    # --- follow-up of the steps that wait (scheduled job "Sales: approval follow-up") ---
    response_hours = fields.Float(
        string="Response Time (hours)",
        help="How long a step of this tier may wait: then its approvers are reminded, and "
        "after as long again it is escalated (when an escalation group is set). 0: no "
        "reminder.",
    )
    escalation_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Escalate To",
        help="Once a step has waited twice the response time, the members of this group "
        "may decide it too (e.g. the next level's approvers or the sales managers); they "
        "get an activity. They need the Sales / Approver group to open the order.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        self.env.registry.clear_cache()  # _get_company_tier_ids
        return tiers

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _get_company_tier_ids
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _get_company_tier_ids
        return res

    @api.model
    def _get_setting_bounds(self):
        """Bound the minimum amount (see sale.bounded.numbers.mixin)."""
        return {
            **super()._get_setting_bounds(),
            "min_amount": (0.0, MAX_AMOUNT),
            "response_hours": (0.0, MAX_DAYS * 24.0),
        }

    @api.model
    @tools.ormcache("company_id")
    def _get_company_tier_ids(self, company_id):
        """Ids of the active tiers of a company, lowest level first.

        Every submission asks for them; they are configuration, changed rarely, so they
        are cached until a tier is created, changed or deleted.
        """
        # sudo: which tiers apply must not depend on who submits the order.
        return tuple(self.sudo().search([("company_id", "=", company_id)]).ids)

    def _applies_to_type(self, order_type):
        """Whether this tier applies to orders of ``order_type``."""
        self.ensure_one()
        return not self.order_type_ids or order_type in self.order_type_ids
