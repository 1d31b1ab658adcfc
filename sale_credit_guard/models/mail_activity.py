# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _get_process_activity_managers(self):
        """The credit hold activities are the credit controllers': only they (and the
        policy itself) change them."""
        managers = super()._get_process_activity_managers()
        hold = self.env.ref(
            "sale_credit_guard.mail_activity_credit_hold", raise_if_not_found=False
        )
        if hold:
            managers[hold.id] = "sale_credit_guard.group_credit_controller"
        return managers
