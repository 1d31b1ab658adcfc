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

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "backorder_policy"]
