# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import boolean_search_domain

APPROVAL_ACTIVITY_TYPE = "sale_order_flow.mail_activity_sale_approval"


class SaleApprovalAbsence(models.Model):
    """An approver's absence: from one day to another, a substitute decides in their place.

    During the absence (both days included, no state to change: it starts and ends with the
    dates) the substitute sees and decides the steps waiting for the absent approver's groups
    in the absence's company, the decisions record "on behalf of", and the approval
    activities go to the substitute instead. Approvers set their own absences (Preferences,
    or Sales > Orders > My Absences); sales administrators set anyone's.
    """

    _name = "sale.approval.absence"
    _description = "Approver Absence"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    # === FIELDS ===

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Absent Approver",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    substitute_id = fields.Many2one(
        comodel_name="res.users",
        string="Substitute",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False), ('id', '!=', user_id)]",
        help="Decides the approval steps of the absent approver during the absence. Must be "
        "an approver allowed in the company.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="To", required=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The absence covers the approval steps of this company's orders.",
    )
    note = fields.Char(
        help="Shown to the substitute, e.g. who to ask in case of doubt."
    )
    is_current = fields.Boolean(
        string="Ongoing",
        compute="_compute_is_current",
        search="_search_is_current",
        help="Today is within the absence.",
    )
    # The absence's start was handled: the absent approver's open activities went to the
    # substitute. Set once, by create() when the absence has started or by the scheduled
    # job on its first day.
    activities_moved = fields.Boolean(readonly=True, copy=False)

    # === COMPUTE ===

    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.today()
        for absence in self:
            absence.is_current = absence.date_from <= today <= absence.date_to

    def _search_is_current(self, operator, value):
        return boolean_search_domain(self, operator, value, self._get_current_domain())

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for absence in self:
            if absence.date_to < absence.date_from:
                raise ValidationError(
                    _(
                        "The absence of %(user)s ends before it starts: set a To date on "
                        "or after %(date)s.",
                        user=absence.user_id.name,
                        date=absence.date_from,
                    )
                )

    @api.constrains("user_id", "substitute_id", "company_id", "date_from", "date_to")
    def _check_substitute(self):
        """The substitute may approve themselves, where the absent approver does; the
        absences of one approver do not overlap."""
        for absence in self:
            message = absence._get_substitute_refusal()
            if message:
                raise ValidationError(message)
        # sudo: an overlap is one whatever the company the user works in now.
        Absence = self.sudo()
        for absence in self:
            overlap = Absence.search(
                [
                    ("id", "!=", absence.id),
                    ("user_id", "=", absence.user_id.id),
                    ("company_id", "=", absence.company_id.id),
                    ("date_from", "<=", absence.date_to),
                    ("date_to", ">=", absence.date_from),
                ],
                limit=1,
            )
            if overlap:
                raise ValidationError(
                    _(
                        "%(user)s is already absent from %(from)s to %(to)s (substitute: "
                        "%(substitute)s). Change that absence instead of adding one that "
                        "overlaps it.",
                        user=absence.user_id.name,
                        **{"from": overlap.date_from, "to": overlap.date_to},
                        substitute=overlap.substitute_id.name,
                    )
                )

    # === CRUD ===

    @api.model_create_multi
    def create(self, vals_list):
        self._check_owner_ids([vals.get("user_id", self.env.uid) for vals in vals_list])
        absences = super().create(vals_list)
        absences.filtered("is_current")._move_activities_to_substitute()
        return absences

    def write(self, vals):
        self._check_owner_ids([*self.user_id.ids, vals.get("user_id", self.env.uid)])
        previous = {absence.id: absence.substitute_id for absence in self}
        res = super().write(vals)
        if {"substitute_id", "date_from", "date_to", "company_id"} & set(vals):
            # A changed absence starts again: its activities move to the (new) substitute
            # when it is ongoing, the previous substitute's too.
            self.sudo().activities_moved = False
            self.filtered("is_current")._move_activities_to_substitute(previous)
        return res

    # === BUSINESS ===

    @api.model
    def _get_current_domain(self, today=None):
        """Domain of the absences ongoing ``today`` (default: today)."""
        today = today or fields.Date.today()
        return [("date_from", "<=", today), ("date_to", ">=", today)]

    @api.model
    def _check_owner_ids(self, user_ids):
        """Approvers set their own absences only (``user_ids``: the absent approvers of
        the absences created or changed, before and after); sales administrators set
        anyone's.

        The record rules say the same for the records a user may touch; this also refuses
        an approver's absence written over to another user's name, with a clear message.
        """
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        foreign = set(user_ids) - {self.env.uid}
        if foreign:
            raise AccessError(
                _(
                    "You can only set your own absences; ask a sales administrator to set "
                    "the absence of %(user)s.",
                    user=self.env["res.users"].browse(foreign.pop()).sudo().name,
                )
            )

    def _get_substitute_refusal(self):
        """Why the substitute of this absence may not stand in for the absent approver
        (a message), or False when they may.

        The substitute must be another internal user, an approver (*Sales / Approver*), and
        allowed in the absence's company; the absent approver too. Per step, the substitute
        then only decides the steps of the absent approver's groups in that company, and
        never an order the company forbids the absent approver (or themselves) to approve
        (see ``sale.order.approval._get_substitute_domain``). Override to ask more, e.g. that
        the substitute belongs to each approving group of the absent approver.
        """
        self.ensure_one()
        user, substitute = self.user_id, self.substitute_id
        approver_group = self.env.ref("sale_order_flow.group_sale_approver")
        if substitute == user:
            return _("%(user)s cannot be their own substitute.", user=user.name)
        for person in (user, substitute):
            if person.share or approver_group not in person.groups_id:
                return _(
                    "%(user)s is not an approver: only approvers (Sales / Approver) can be "
                    "absent with a substitute or stand in for one.",
                    user=person.name,
                )
            if self.company_id not in person.company_ids:
                return _(
                    "%(user)s is not allowed in %(company)s: choose a substitute who "
                    "works for that company.",
                    user=person.name,
                    company=self.company_id.name,
                )
        return False

    def _move_activities_to_substitute(self, previous=None):
        """Give the absent approvers' open approval activities to their substitutes (the
        absence starts), on the orders of the absence's company waiting for approval.

        An activity moves when its holder is no longer asked to decide the step waiting now
        (see ``sale.order.approval._get_approvers_by_step``) and the substitute is; it goes
        when the substitute already has the order's activity or is not asked either. Called
        by ``create`` and ``write`` for ongoing absences and by the scheduled job (see
        :meth:`_cron_start_absences`) on their first day.

        :param dict previous: ``{absence id: user}``, the substitute before a change, whose
            activities the new substitute takes over in the same way
        """
        absences = self.sudo().filtered(lambda a: not a.activities_moved)
        if not absences:
            return
        previous = previous or {}
        holders = {
            absence.id: absence.user_id | previous.get(absence.id, absence.user_id)
            for absence in absences
        }
        activity_type = self.env.ref(APPROVAL_ACTIVITY_TYPE)
        # sudo: the activities belong to the absent approvers; moving them is what the
        # absence, set by them or an administrator, asks.
        Activity = self.env["mail.activity"].sudo()
        activities = Activity.search(
            [
                ("res_model", "=", "sale.order"),
                ("activity_type_id", "=", activity_type.id),
                # The substitutes' own too: who already holds the order's activity.
                (
                    "user_id",
                    "in",
                    [uid for users in holders.values() for uid in users.ids]
                    + absences.substitute_id.ids,
                ),
            ]
        )
        orders = self.env["sale.order"].sudo().browse(set(activities.mapped("res_id")))
        steps = orders.filtered(
            lambda o: o.state == "to_approve"
        ).approval_ids.filtered("is_current")
        step_of_order = {step.order_id.id: step for step in steps}
        approvers = steps._get_approvers_by_step()
        held = {(a.res_id, a.user_id.id) for a in activities}
        to_unlink = Activity
        for absence in absences:
            for activity in activities - to_unlink:
                step = step_of_order.get(activity.res_id)
                if (
                    not step
                    or step.company_id != absence.company_id
                    or activity.user_id not in holders[absence.id]
                    or activity.user_id in approvers[step.id]
                ):
                    continue
                key = (activity.res_id, absence.substitute_id.id)
                if absence.substitute_id in approvers[step.id] and key not in held:
                    activity.user_id = absence.substitute_id
                    held.add(key)
                else:
                    to_unlink |= activity
        to_unlink.unlink()
        absences.activities_moved = True

    @api.model
    def _cron_start_absences(self):
        """Start the absences whose first day came: their activities move (once)."""
        # sudo: the scheduled job handles the absences of every company.
        self.sudo().search(
            [*self._get_current_domain(), ("activities_moved", "=", False)]
        )._move_activities_to_substitute()

    def action_open_substitute_queue(self):
        """Open the To Approve list of the orders the substitute decides on behalf of
        others (the substitute's "On Behalf" filter)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_order_flow.sale_order_action_to_approve"
        )
        action["context"] = {"search_default_on_behalf": 1}
        return action
