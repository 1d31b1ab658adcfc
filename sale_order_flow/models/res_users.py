# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    approval_absence_ids = fields.One2many(
        comodel_name="sale.approval.absence",
        inverse_name="user_id",
        string="Approval Absences",
    )
    approval_substitute_absence_ids = fields.One2many(
        comodel_name="sale.approval.absence",
        inverse_name="substitute_id",
        string="Absences I Stand In For",
    )
    # The absences the user stands in for that are not over, read once per transaction by
    # every search of the approvers' queue and record rules (the ORM cache keeps it until
    # an absence changes); the caller keeps those ongoing today.
    approval_substitution_ids = fields.Many2many(
        comodel_name="sale.approval.absence",
        compute="_compute_approval_substitution_ids",
        compute_sudo=True,
    )

    @api.depends(
        "approval_substitute_absence_ids.date_from",
        "approval_substitute_absence_ids.date_to",
        "approval_substitute_absence_ids.user_id",
        "approval_substitute_absence_ids.company_id",
    )
    def _compute_approval_substitution_ids(self):
        # sudo (compute_sudo): the user may not read absences an administrator set for
        # them; only their right to decide is derived from these.
        absences = self.env["sale.approval.absence"].search_fetch(
            [("substitute_id", "in", self.ids), ("date_to", ">=", fields.Date.today())],
            ["user_id", "substitute_id", "company_id", "date_from", "date_to"],
        )
        for user in self:
            user.approval_substitution_ids = absences.filtered(
                lambda a, user=user: a.substitute_id == user
            )
