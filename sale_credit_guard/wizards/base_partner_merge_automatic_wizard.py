# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models
from odoo.exceptions import AccessError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # Merging moves every order, invoice and contact of the merged partners to the
        # destination: merging a customer on credit hold into another commercial entity
        # would free its documents from the hold, as moving a contact would.
        partners = self.env["res.partner"].browse(partner_ids)
        if (
            len(partners.commercial_partner_id) > 1
            and not partners._is_credit_controller()
        ):
            held = partners._get_credit_held_anywhere()
            if held:
                raise AccessError(
                    self.env._(
                        "%(held)s is on credit hold: only a credit controller can merge "
                        "it with another customer.",
                        held=", ".join(
                            held.commercial_partner_id.mapped("display_name")
                        ),
                    )
                )
        return super()._merge(partner_ids, dst_partner, extra_checks)
