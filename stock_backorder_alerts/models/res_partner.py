# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

BACKORDER_POLICIES = [
    ("partial_backorder", "Ship available, backorder the rest"),
    ("partial_cancel", "Ship available, cancel the rest"),
    ("complete_only", "Ship complete orders only"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # A plain field (not company dependent): the way a customer wants to be delivered does not
    # change with the selling company. It lives on the commercial partner and is synced to its
    # contacts through _commercial_fields, like the other commercial terms.
    backorder_policy = fields.Selection(
        selection=BACKORDER_POLICIES,
        string="Shipping Policy",
        help="How partial deliveries of this customer are validated, without asking the "
        "warehouse:\n"
        "- Ship available, backorder the rest: the rest follows in a backorder;\n"
        "- Ship available, cancel the rest: the rest is cancelled;\n"
        "- Ship complete orders only: a partial validation is refused.\n"
        "Empty: the warehouse is asked at each partial delivery (standard Odoo), "
        "with 'backorder the rest' proposed.",
    )

    otif_rate = fields.Float(
        string="On Time In Full (%)",
        compute="_compute_otif",
        digits=(16, 1),
        help="Share of the lines of this customer's completed deliveries that left on time "
        "and in full (the deliveries you can see).",
    )
    otif_line_count = fields.Integer(
        string="Delivered Lines (OTIF)", compute="_compute_otif"
    )

    # what the current user may see of the analysis (record rules)
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_otif(self):
        report = self.env["stock.otif.report"]
        self.otif_rate = 0.0
        self.otif_line_count = 0
        if not report.has_access("read"):
            return
        commercial = self.commercial_partner_id
        figures = {
            partner: (rate, count)
            for partner, rate, count in report._read_group(
                [("partner_id", "in", commercial.ids)],
                ["partner_id"],
                ["otif_rate:avg", "__count"],
            )
        }
        for partner in self:
            rate, count = figures.get(partner.commercial_partner_id, (0.0, 0))
            partner.otif_rate = rate
            partner.otif_line_count = count

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "backorder_policy"]

    def action_view_otif(self):
        """Open the on time in full analysis of this customer."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "stock_backorder_alerts.action_stock_otif_report"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["view_mode"] = "list,pivot,graph"
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action
