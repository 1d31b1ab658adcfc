# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _check_access(self, operation):
        """The activities the order process gives people (approve this order, release this
        hold) are theirs: only their assignee, the process itself (superuser) and the
        users who manage that process may change, reschedule, mark done or delete them.

        Odoo lets whoever may post on a document edit its activities, and sales orders
        take posts from readers (``sale.order._mail_post_access``, so that approvers and
        credit controllers discuss orders they cannot edit): without this, a salesperson
        could delete the credit controllers' activity of their held order, or an approver
        another approver's. The order itself is not at stake (the hold and the approval
        steps are the order's fields), the controllers' and approvers' to-do lists are.
        """
        result = super()._check_access(operation)
        if operation not in ("write", "unlink") or self.env.su or not self:
            return result
        denied = result[0] if result else self.browse()
        managers = self._get_process_activity_managers()
        if not managers:
            return result
        user = self.env.user
        # sudo: the type, document and assignee of activities the user is changing.
        forbidden = self.browse(
            activity.id
            for activity in (self - denied).sudo()
            if activity.res_model == "sale.order"
            and activity.activity_type_id.id in managers
            and activity.user_id != user
            and not user.has_group(managers[activity.activity_type_id.id])
        )
        if not forbidden:
            return result
        return (
            denied + forbidden,
            lambda: (denied + forbidden)._make_access_error(operation),
        )

    @api.model
    def _get_process_activity_managers(self):
        """``{activity type id: group xml id}``: the types of activities the sales order
        process assigns, with the group whose members may change anyone's (see
        :meth:`_check_access`). Override to guard the activities of another process."""
        approval = self.env.ref(
            "sale_order_flow.mail_activity_sale_approval", raise_if_not_found=False
        )
        return {approval.id: "sales_team.group_sale_manager"} if approval else {}
