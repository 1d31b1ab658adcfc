# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.sale.controllers import portal
from odoo.osv import expression


class CustomerPortal(portal.CustomerPortal):
    def _prepare_quotations_domain(self, partner):
        # A quotation the customer accepted stays in their quotations while it waits for
        # approval, instead of vanishing from both lists.
        waiting = [
            ("message_partner_ids", "child_of", [partner.commercial_partner_id.id]),
            ("state", "=", "to_approve"),
        ]
        return expression.OR([super()._prepare_quotations_domain(partner), waiting])
