# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime


class SaleOrder(models.Model):
    """The multi-level approval of a sales order: which tiers it needs, who decides each
    step, the activities of the approvers.

    A file of ``sale.order`` of its own, by concern; the confirmation gate
    (``sale_order_gate.py``) submits orders here, and the approvers' buttons decide.
    Approval steps (``sale.order.approval``) are read-only for users: the methods here write
    them with sudo() once the user's right to act has been checked.
    """

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === ACTIONS ===

    def action_open_approve_wizard(self):
        """Open the confirmation of an approval: the orders, the steps the approver is about
        to approve (bound to the dialog, so a repeated click cannot approve the next one)."""
        title = _("Approve Order") if len(self) == 1 else _("Approve Orders")
        return self._get_decision_wizard_action("sale.order.approve.wizard", title)

    def action_open_reject_wizard(self):
        """Open the wizard asking the reason of a rejection (bound to the steps seen now)."""
        title = _("Reject Order") if len(self) == 1 else _("Reject Orders")
        return self._get_decision_wizard_action("sale.order.reject.wizard", title)

    def _get_decision_wizard_action(self, model, title):
        """The dialog ``model`` deciding the steps waiting now on the orders, which the
        current user must be allowed to decide."""
        for order in self:
            order._check_can_decide()
        return {
            "name": title,
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_ids": self.ids,
                "default_approval_ids": [
                    order._get_current_approval().id for order in self
                ],
            },
        }

    def action_approve(self, approval_ids=None, comment=None):
        """Approve, for each order, the step the approver decided on.

        :param list approval_ids: ids of the ``sale.order.approval`` steps approved, one per
            order: the step the user saw (the Approve dialog passes it). A step that is
            already decided, or no longer the one waiting, is refused with who decided it and
            when: a repeated call never approves the next level.
        :param str comment: kept on the step and in the chatter
        :return: what confirming the fully approved orders returns (True, or a dialog of
            another addon, e.g. a credit hold)

        After the last step, the order goes through the confirmation gate again
        (``action_confirm``), which confirms it unless something now blocks or holds it.
        """
        steps = self._get_steps_to_decide(approval_ids)
        approved = self.browse()
        for order in self:
            step = steps[order.id]
            order._record_decision(step, "approved", comment)
            decider = step._get_decider_label()
            order._close_approval_activities(done=True)
            next_step = order._get_round_approvals().filtered(
                lambda a: a.state == "pending"
            )[:1]
            if next_step:
                # sudo: approval steps are read-only for users; the decision was checked.
                next_step.sudo().write(
                    {"is_current": True, "date_submitted": step.date}
                )
                order._notify_approvers(next_step)
                order._message_log(
                    body=_(
                        "%(tier)s approved by %(user)s. Now waiting for: %(next)s.",
                        tier=step.name,
                        user=decider,
                        next=next_step.name,
                    )
                )
                continue
            order._message_log(
                body=_(
                    "%(tier)s approved by %(user)s. The order is fully approved.",
                    tier=step.name,
                    user=decider,
                )
            )
            approved |= order
        if not approved:
            return True
        # sudo: an approver need not have write access to the order (salespeople's "own
        # documents" rule); their right to decide was checked above, and the gate decides
        # what confirming does.
        with self._gate_caller("process"):
            return approved.sudo().action_confirm()

    def action_reject(self, reason, approval_ids=None):
        """Reject, for each order, the step the approver decided on.

        :param str reason: mandatory; posted in the chatter and given to the salesperson in
            an activity. The order goes back to quotation and its pending steps are withdrawn.
        :param list approval_ids: the steps rejected, one per order (see
            :meth:`action_approve`)
        """
        if not reason or not reason.strip():
            raise UserError(_("Please give the reason of the rejection."))
        steps = self._get_steps_to_decide(approval_ids)
        for order in self:
            step = steps[order.id]
            order._record_decision(step, "rejected", reason)
            order._withdraw_approvals()
            # sudo: same reason as in action_approve.
            order_sudo = order.sudo()
            with order._allow_state_change():
                order_sudo.write({"state": "draft"})
            order_sudo._message_log(
                body=Markup("%s<br/>%s")
                % (_("Rejected by %(user)s.", user=step._get_decider_label()), reason)
            )
            if order.user_id:
                order_sudo.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=_("Order rejected: %(order)s", order=order.name),
                    note=reason,
                )
        return True

    def action_open_forward_wizard(self):
        """Open the dialog handing the step waiting now to another approver, with a note."""
        self.ensure_one()
        approval = self._check_can_decide()
        return {
            "name": _("Forward %(tier)s", tier=approval.name),
            "type": "ir.actions.act_window",
            "res_model": "sale.order.forward.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_approval_id": approval.id,
            },
        }

    def action_forward(self, approval_id, user, note):
        """Hand the step ``approval_id`` to another approver, with a note.

        The step keeps waiting for everyone who may decide it; the current user's approval
        activity goes to ``user`` with the note, the step shows who it was forwarded to, and
        the chatter says it.

        :param int approval_id: the step waiting now, which the current user may decide
            (see :meth:`action_approve`)
        :param user: ``res.users`` record or id: one of the step's approvers (see
            ``sale.order.approval._get_approvers_by_step``), not the current user
        :param str note: mandatory, given to ``user``
        """
        self.ensure_one()
        if not note or not note.strip():
            raise UserError(
                _("Please say why you forward the step, for its new approver.")
            )
        step = self._get_steps_to_decide([approval_id])[self.id]
        target = self.env["res.users"].browse(getattr(user, "id", user))
        approvers = step._get_approvers_by_step()[step.id]
        if target == self.env.user or target not in approvers:
            raise UserError(
                _(
                    "%(step)s of %(order)s can only be forwarded to another of its "
                    "approvers: %(approvers)s.",
                    step=step.name,
                    order=self.name,
                    approvers=", ".join((approvers - self.env.user).mapped("name"))
                    or "-",
                )
            )
        xmlid = "sale_order_flow.mail_activity_sale_approval"
        # sudo: the approver may not write the order (salespeople's "own documents"
        # rule); their right to decide the step was checked, and forwarding is part of it.
        order_sudo = self.sudo()
        order_sudo.activity_unlink([xmlid], user_id=self.env.user.id)
        order_sudo.activity_unlink([xmlid], user_id=target.id)
        order_sudo.activity_schedule(
            xmlid,
            user_id=target.id,
            summary=_("Approve %(tier)s (forwarded)", tier=step.name),
            note=note,
        )
        # sudo: approval steps are read-only for users.
        step.sudo().forwarded_to_id = target
        order_sudo._message_log(
            body=Markup("%s<br/>%s")
            % (
                _(
                    "%(user)s forwarded %(tier)s to %(target)s.",
                    user=self.env.user.name,
                    tier=step.name,
                    target=target.name,
                ),
                note,
            )
        )
        return True

    def action_draft(self):
        """Also accept orders waiting for approval: they are withdrawn."""
        waiting = self.filtered(lambda o: o.state == "to_approve")
        for order in waiting:
            order._withdraw_approvals()
            order._message_log(body=_("Approval request withdrawn."))
        if waiting:
            with waiting._allow_state_change():
                waiting.write({"state": "draft"})
        return super(SaleOrder, self - waiting).action_draft()

    def _action_cancel(self):
        for order in self.filtered(lambda o: o.state == "to_approve"):
            order._withdraw_approvals()
        # Cancelling is one of the ways out of "to_approve" and "sale".
        with self._allow_state_change():
            return super()._action_cancel()

    # === BUSINESS ===

    def _needs_approval(self, reasons, tiers):
        """Whether the order must go to approval given its review ``reasons`` and the
        ``tiers`` it reaches: the review asks for it or a tier applies."""
        self.ensure_one()
        return bool(tiers) or self._review_asks_approval(reasons)

    def _review_asks_approval(self, reasons):
        """Whether the order needs approval whatever its amount: a reason needs review, or
        its type always needs approval. Such an order needs at least the first tier.
        Override to add conditions."""
        self.ensure_one()
        return bool(
            any(r["severity"] == "review" for r in reasons)
            or self.order_type_id.always_approve
        )

    def _get_required_tiers(self, reasons):
        """Return the tiers the order needs, lowest level first.

        Every tier of the company and type whose threshold the untaxed amount (company
        currency) reaches; a review reason or an "always approve" type adds at least the
        first tier.
        """
        self.ensure_one()
        Tier = self.env["sale.approval.tier"]
        # sudo: tiers are configuration for administrators; which tiers apply to an order
        # must not depend on who submits it (nothing of them is shown here).
        tiers = (
            Tier.sudo()
            .browse(Tier._get_company_tier_ids(self.company_id.id))
            .filtered(lambda tier: tier._applies_to_type(self.order_type_id))
        )
        if not tiers:
            return tiers
        amount = self._get_approval_amount()
        currency = self.company_id.currency_id
        required = tiers.filtered(
            lambda tier: currency.compare_amounts(amount, tier.min_amount) >= 0
        )
        if self._review_asks_approval(reasons):
            required |= tiers[:1]
        return required.sorted(lambda tier: (tier.sequence, tier.id))

    def _get_approval_amount(self):
        """Untaxed amount of the order in company currency, compared to tier thresholds."""
        self.ensure_one()
        return self.amount_untaxed / (self.currency_rate or 1.0)

    def _submit_for_approval(self, reasons, tiers):
        """Put the order in ``to_approve`` with one approval step per tier of ``tiers``
        (the Approver group when no tier applies)."""
        self.ensure_one()
        now = fields.Datetime.now()
        round_number = self.approval_round + 1
        if tiers:
            steps = [
                {
                    "tier_id": tier.id,
                    "name": tier.name,
                    "sequence": tier.sequence,
                    "group_id": tier.group_id.id,
                }
                for tier in tiers
            ]
        else:
            steps = [
                {
                    "name": _("Approver"),
                    "sequence": 0,
                    "group_id": self.env.ref("sale_order_flow.group_sale_approver").id,
                }
            ]
        for index, step in enumerate(steps):
            step.update(
                order_id=self.id,
                round=round_number,
                level=index + 1,
                is_current=index == 0,
                date_submitted=now if index == 0 else False,
            )
        # sudo: approvals are read-only for users; the submission creates them.
        approvals = self.env["sale.order.approval"].sudo().create(steps)
        # sudo: the portal path submits as the customer; the gate checked the order.
        with self._allow_state_change():
            self.sudo().write(
                {
                    "state": "to_approve",
                    "approval_round": round_number,
                    "date_submitted": now,
                    "review_summary": "\n".join(r["message"] for r in reasons) or False,
                }
            )
        body = Markup("<p>%s</p>") % _(
            "Submitted for approval (%(tiers)s).",
            tiers=", ".join(approvals.mapped("name")),
        )
        if reasons:
            body += self._format_reasons_html(reasons)
        self._message_log(body=body)
        self._notify_approvers(approvals[:1])

    def _get_round_approvals(self):
        """Approval steps of the current submission, in the order they are approved."""
        self.ensure_one()
        return self.approval_ids.filtered(
            lambda a: a.round == self.approval_round
        ).sorted(lambda a: (a.sequence, a.id))

    def _get_current_approval(self):
        """The step waiting for a decision now (empty when the order does not wait)."""
        self.ensure_one()
        if self.state != "to_approve":
            return self.env["sale.order.approval"]
        return self.approval_ids.filtered("is_current")[:1]

    def _is_approval_complete(self):
        """Whether every step of the current submission is approved."""
        self.ensure_one()
        approvals = self._get_round_approvals()
        return bool(approvals) and all(a.state == "approved" for a in approvals)

    def _get_last_rejection(self):
        """The step of the last submission that was rejected, while the order has not been
        submitted again (empty otherwise)."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return self.env["sale.order.approval"]
        return self._get_round_approvals().filtered(lambda a: a.state == "rejected")[:1]

    def _get_steps_to_decide(self, approval_ids):
        """Return ``{order id: step}``: for each order, the step of ``approval_ids`` the
        current user decides, after checking it is the one waiting and that they may decide
        it."""
        if not approval_ids:
            raise UserError(
                _(
                    "Say which approval step you decide on: open the order and use Approve "
                    "or Reject (over RPC, pass approval_ids)."
                )
            )
        # sudo: the steps are read to compare them with the order's; the right to decide is
        # checked on the order below.
        steps = self.env["sale.order.approval"].sudo().browse(approval_ids).exists()
        result = {}
        for order in self:
            step = steps.filtered(lambda s, order=order: s.order_id == order)
            if len(step) != 1:
                raise UserError(
                    _(
                        "Give the approval step of %(order)s you decide on.",
                        order=order.name,
                    )
                )
            if step.state != "pending":
                raise UserError(order._get_step_decided_message(step))
            current = order._check_can_decide()
            if current != step:
                raise UserError(
                    _(
                        "%(step)s of %(order)s is not the step waiting for a decision now "
                        "(%(current)s is). Reload the order.",
                        step=step.name,
                        order=order.name,
                        current=current.name,
                    )
                )
            result[order.id] = step
        return result

    def _get_step_decided_message(self, step):
        """The refusal of a decision on ``step``, which is no longer pending."""
        self.ensure_one()
        states = dict(step._fields["state"]._description_selection(self.env))
        if step.user_id:
            return _(
                "%(step)s of %(order)s was already %(decision)s by %(user)s on %(date)s.",
                step=step.name,
                order=self.name,
                decision=states[step.state].lower(),
                user=step.user_id.name,
                date=format_datetime(self.env, step.date),
            )
        return _(
            "%(step)s of %(order)s is %(decision)s: nothing is left to decide on it.",
            step=step.name,
            order=self.name,
            decision=states[step.state].lower(),
        )

    def _check_can_decide(self):
        """Return the current step if the current user may approve or reject it, else raise."""
        self.ensure_one()
        approval = self._get_current_approval()
        if not approval:
            raise UserError(
                _("Order %(order)s is not waiting for approval.", order=self.name)
            )
        # Who may decide is a matter of rights: refused as an access error (RPC callers
        # get the access-error fault, and the data is untouched). A substitute is checked
        # below like anyone: substitution never lets a salesperson approve their own order.
        if not approval._get_decision_route(self.env.user):
            raise AccessError(
                _(
                    "Order %(order)s waits for %(tier)s; only members of %(group)s can "
                    "approve or reject it.",
                    order=self.name,
                    tier=approval.name,
                    group=approval.group_id.display_name,
                )
            )
        if self.company_id.sale_approval_forbid_self and self.env.user in (
            self.user_id | approval.create_uid
        ):
            # The salesperson of the order, or whoever submitted it (changing the
            # salesperson before or after submitting does not make it someone else's).
            raise AccessError(
                _(
                    "You are the salesperson of %(order)s or submitted it: another approver "
                    "must decide.",
                    order=self.name,
                )
            )
        return approval

    def _record_decision(self, step, state, comment=False):
        """Record the current user's decision (``approved`` or ``rejected``) on ``step``,
        which :meth:`_get_steps_to_decide` checked."""
        self.ensure_one()
        route, absent = step._get_decision_route(self.env.user)
        # sudo: approvals are read-only for users; the rights were checked by the caller.
        step.sudo().write(
            {
                "state": state,
                "is_current": False,
                "user_id": self.env.user.id,
                "decided_as": route,
                "on_behalf_of_id": absent.id if absent else False,
                "date": fields.Datetime.now(),
                "comment": comment or False,
            }
        )

    def _withdraw_approvals(self):
        """Cancel the pending steps of the order (rejection, withdrawal, cancellation) and
        remove the approvers' activities."""
        self.ensure_one()
        # sudo: approvals are read-only for users.
        self._get_round_approvals().filtered(
            lambda a: a.state == "pending"
        ).sudo().write({"state": "cancelled", "is_current": False})
        self._close_approval_activities(done=False)

    def _get_approvers(self, approval):
        """Users asked to decide the step ``approval`` (its approval activities): see
        ``sale.order.approval._get_approvers_by_step``, where to route approvals
        differently."""
        self.ensure_one()
        return approval._get_approvers_by_step()[approval.id]

    def _notify_approvers(self, approval):
        """Schedule an approval activity for each approver of ``approval``."""
        self.ensure_one()
        activity_type = self.env.ref("sale_order_flow.mail_activity_sale_approval")
        # sudo: the submitter or previous approver may not have access to the order for
        # other users' activities.
        order_sudo = self.sudo()
        for user in self._get_approvers(approval):
            order_sudo.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Approve %(tier)s", tier=approval.name),
            )

    def _close_approval_activities(self, done):
        """Remove the approval activities of the order; with ``done``, the current user's
        are marked done first (an approval), else they all simply go (a rejection or a
        withdrawal is not an approval done)."""
        xmlid = "sale_order_flow.mail_activity_sale_approval"
        # sudo: activities of other approvers are removed with the decision.
        order_sudo = self.sudo()
        if done:
            order_sudo.activity_feedback([xmlid], user_id=self.env.user.id)
        order_sudo.activity_unlink([xmlid])

    def _notify_blocked(self, messages, caller):
        """Tell the salesperson that the order could not be confirmed after someone else's
        action (``caller``: "customer" who signed or paid, or the "process": the last
        approval, a credit release) and what to fix: a note in the chatter and an activity."""
        self.ensure_one()
        if caller == "customer":
            intro = _(
                "The customer accepted the quotation, but it cannot be confirmed yet:"
            )
            summary = _("Accepted quotation blocked: %(order)s", order=self.name)
        elif self.state == "to_approve" and self._is_approval_complete():
            intro = _("The order is approved, but it cannot be confirmed yet:")
            summary = _("Approved order blocked: %(order)s", order=self.name)
        else:
            intro = _("The order cannot go on yet:")
            summary = _("Order blocked: %(order)s", order=self.name)
        # sudo: the customer or approver who acted posts nothing themselves; the note and the
        # activity are the company's, for the salesperson.
        order_sudo = self.sudo()
        order_sudo._message_log(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (intro, Markup().join(Markup("<li>%s</li>") % m for m in messages))
        )
        if self.user_id:
            order_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=summary,
                note="\n".join(messages),
            )

    def _get_report_approvals(self):
        """Approved steps printed on the order once it is confirmed through approval."""
        self.ensure_one()
        if not self.approval_confirmed:
            return self.env["sale.order.approval"]
        # sudo: the trail is printed for whoever may print the order (the customer too).
        return (
            self.sudo()._get_round_approvals().filtered(lambda a: a.state == "approved")
        )
