# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.osv import expression

from ..tools import boolean_search_domain


class SaleOrderApproval(models.Model):
    """Who may decide an approval step now: one rule, in two forms that agree.

    A user decides the step waiting now when they are a member of its approving group, a
    member of its escalation group once it is escalated, or the substitute of an absent
    member of its group (an absence ongoing today, in the step's company, and never for an
    order the company forbids the absent approver to approve).

    - :meth:`_get_decider_domain` says it as a search domain, for the approvers' queue, the
      "can decide" fields and the record rules: a fixed number of queries whatever the
      number of orders, steps and absences;
    - :meth:`_get_decision_route` says it for one step and one user, for the decision
      itself, and tells how the user decides (which is recorded on the step).
    """

    # One file per concern of the step model, like the order's.
    _inherit = "sale.order.approval"  # pylint: disable=consider-merging-classes-inherited

    # === SEARCH ===

    def _search_can_decide(self, operator, value):
        domain = self._get_decider_domain(self._get_decider_rights(self.env.user))
        return boolean_search_domain(self, operator, value, domain)

    def _search_is_on_behalf(self, operator, value):
        rights = self._get_decider_rights(self.env.user)
        domain = expression.AND(
            [
                [("is_current", "=", True)],
                ["!", *expression.OR(self._get_own_right_domains(rights))],
                expression.OR(self._get_substitute_domains(rights))
                or expression.FALSE_DOMAIN,
            ]
        )
        return boolean_search_domain(self, operator, value, domain)

    # === BUSINESS ===

    @api.model
    def _get_decider_rights(self, user):
        """What may let ``user`` decide steps today: ``{"group_ids": set of the ids of
        their groups, "absences": the ongoing absences they stand in for}``."""
        today = fields.Date.today()
        return {
            "group_ids": set(user.groups_id.ids),
            "absences": user.approval_substitution_ids.filtered(
                lambda a: a.date_from <= today <= a.date_to
            ),
        }

    @api.model
    def _get_decider_domain(self, rights):
        """Domain of the steps waiting now that the user of ``rights`` (see
        :meth:`_get_decider_rights`) may decide."""
        return expression.AND(
            [
                [("is_current", "=", True)],
                expression.OR(
                    self._get_own_right_domains(rights)
                    + self._get_substitute_domains(rights)
                ),
            ]
        )

    @api.model
    def _get_own_right_domains(self, rights):
        """Domains of the steps the user decides in their own right: as a member of the
        approving group, or of the escalation group of an escalated step. Override to add
        a right (each domain is OR-ed)."""
        group_ids = list(rights["group_ids"])
        return [
            [("group_id", "in", group_ids)],
            [("escalated_at", "!=", False), ("escalation_group_id", "in", group_ids)],
        ]

    @api.model
    def _get_substitute_domains(self, rights):
        """Domains of the steps the user decides as a substitute: one per ongoing absence
        they stand in for."""
        return [self._get_substitute_domain(absence) for absence in rights["absences"]]

    @api.model
    def _get_substitute_domain(self, absence):
        """Domain of the steps that the substitute of ``absence`` decides for the absent
        approver: of the absence's company, waiting for one of the absent approver's
        groups, of an order the company lets the absent approver decide."""
        absent_id = absence.user_id.id
        return [
            ("company_id", "=", absence.company_id.id),
            ("group_id.users", "in", [absent_id]),
            "|",
            ("company_id.sale_approval_forbid_self", "=", False),
            "&",
            ("order_id.user_id", "not in", [absent_id]),
            ("create_uid", "not in", [absent_id]),
        ]

    def _get_decision_route(self, user, rights=None):
        """How ``user`` may decide this step now, or None when they may not.

        :return: ``("approver", None)``, ``("escalation", None)`` or ``("substitute",
            absent user)``; the same answer as :meth:`_get_decider_domain`, for one step
        """
        self.ensure_one()
        if not self.is_current or self.state != "pending":
            return None
        if rights is None:
            rights = self._get_decider_rights(user)
        if self.group_id.id in rights["group_ids"]:
            return ("approver", None)
        if self.escalated_at and self.escalation_group_id.id in rights["group_ids"]:
            return ("escalation", None)
        for absence in rights["absences"]:
            if self._is_substitute_step(absence):
                return ("substitute", absence.user_id)
        return None

    def _is_substitute_step(self, absence):
        """Whether the substitute of ``absence`` decides this step for the absent approver
        (see :meth:`_get_substitute_domain`)."""
        self.ensure_one()
        absent = absence.user_id
        return (
            absence.company_id == self.company_id
            and self.group_id in absent.groups_id
            and not (
                self.company_id.sale_approval_forbid_self
                and absent in (self.order_id.user_id | self.create_uid)
            )
        )

    def _get_approvers_by_step(self):
        """Return ``{step id: users}``: who is asked to decide each step now (approval
        activities, reminders, forwarding).

        Internal members of the step's group (and of its escalation group once escalated)
        allowed in its company; an approver absent today is replaced by their substitute;
        where the company forbids self-approval, neither the salesperson nor the submitter
        of the order. A fixed number of queries for any number of steps. Override to route
        approvals differently.
        """
        # sudo: who is asked is not shown to the caller (submitter, approver, job); the
        # groups, their users and the absences are read to address the activities.
        steps = self.sudo()
        groups = steps.group_id | steps.escalation_group_id
        users = groups.users.filtered(lambda u: not u.share)
        absences = (
            self.env["sale.approval.absence"]
            .sudo()
            .search_fetch(
                [
                    *self.env["sale.approval.absence"]._get_current_domain(),
                    ("user_id", "in", users.ids),
                ],
                ["user_id", "substitute_id", "company_id"],
            )
        )
        replaced = {(a.user_id.id, a.company_id.id): a for a in absences}
        result = {}
        for step in steps:
            members = step.group_id.users
            if step.escalated_at:
                members |= step.escalation_group_id.users
            members = members & users
            company = step.company_id
            approvers = self.env["res.users"]
            for member in members.filtered(lambda u, c=company: c in u.company_ids):
                absence = replaced.get((member.id, company.id))
                if not absence:
                    approvers |= member
                elif member in step.group_id.users and step._is_substitute_step(
                    absence
                ):
                    approvers |= absence.substitute_id
            if company.sale_approval_forbid_self:
                approvers -= step.order_id.user_id | step.create_uid
            result[step.id] = approvers
        return result

    def _get_decider_label(self):
        """Who decided this step, as the chatter and the trail say it: "Alice", "Bob on
        behalf of Alice", "Carol (escalation)"."""
        self.ensure_one()
        if self.decided_as == "substitute" and self.on_behalf_of_id:
            return _(
                "%(user)s on behalf of %(absent)s",
                user=self.user_id.name,
                absent=self.on_behalf_of_id.name,
            )
        if self.decided_as == "escalation":
            return _("%(user)s (escalation)", user=self.user_id.name)
        return self.user_id.name
