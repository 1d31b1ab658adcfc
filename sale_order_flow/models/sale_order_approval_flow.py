# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    """The multi-level approval of a sales order: which tiers it needs, who decides each
    step, the activities of the approvers.

    A file of ``sale.order`` of its own, by concern; the confirmation gate
    (``sale_order_gate.py``) submits orders here, and the approvers' buttons decide.
    Approval steps (``sale.order.approval``) are read-only for users: the methods here write
    them with sudo() once the user's right to act has been checked.
    """

    _inherit = "sale.order"

    def _needs_approval(self, reasons):
        """Whether the order must go to approval given its review ``reasons``: the review
        asks for it (:meth:`_review_asks_approval`) or a tier's threshold is reached."""
        self.ensure_one()
        return bool(
            self._review_asks_approval(reasons) or self._get_required_tiers(reasons)
        )

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

    def _submit_for_approval(self, reasons):
        """Put the order in ``to_approve`` with one approval step per required tier."""
        self.ensure_one()
        tiers = self._get_required_tiers(reasons)
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
            # No tier applies: the Approver group decides.
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
                is_current=index == 0,
                date_submitted=now if index == 0 else False,
            )
        # sudo: approvals are read-only for users; the submission creates them.
        approvals = self.env["sale.order.approval"].sudo().create(steps)
        # sudo: the portal path submits as the customer; the order is checked by the caller.
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
        self.message_post(body=body)
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

    def _check_can_decide(self):
        """Return the current step if the current user may approve or reject it, else raise."""
        self.ensure_one()
        approval = self._get_current_approval()
        if not approval:
            raise UserError(
                _("Order %(order)s is not waiting for approval.", order=self.name)
            )
        # Who may decide is a matter of rights: refused as an access error (RPC callers
        # get the access-error fault, and the data is untouched).
        if approval.group_id not in self.env.user.groups_id:
            raise AccessError(
                _(
                    "Order %(order)s waits for %(tier)s; only members of %(group)s can "
                    "approve or reject it.",
                    order=self.name,
                    tier=approval.name,
                    group=approval.group_id.display_name,
                )
            )
        if self.company_id.sale_approval_forbid_self and self.user_id == self.env.user:
            raise AccessError(
                _(
                    "You are the salesperson of %(order)s: another approver must decide.",
                    order=self.name,
                )
            )
        return approval

    def _record_decision(self, state, comment=False):
        """Record the current user's decision (``approved`` or ``rejected``) on the current
        step of the order, after checking they may take it; return that step."""
        approval = self._check_can_decide()
        # sudo: approvals are read-only for users; the rights were checked just above.
        approval.sudo().write(
            {
                "state": state,
                "is_current": False,
                "user_id": self.env.user.id,
                "date": fields.Datetime.now(),
                "comment": comment or False,
            }
        )
        return approval

    def _withdraw_approvals(self):
        """Cancel the pending steps of the order (withdrawal, cancellation)."""
        self.ensure_one()
        # sudo: approvals are read-only for users.
        self._get_round_approvals().filtered(
            lambda a: a.state == "pending"
        ).sudo().write({"state": "cancelled", "is_current": False})
        self._close_approval_activities()

    def _get_approvers(self, approval):
        """Users who decide the step ``approval``: internal members of its group allowed in
        the order's company. Override to route approvals differently."""
        self.ensure_one()
        # sudo: the submitter may not read groups and their users; only the users to
        # notify are used, not shown.
        return approval.group_id.sudo().users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )

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

    def _close_approval_activities(self):
        """Mark the current user's approval activities done and remove the others."""
        xmlid = "sale_order_flow.mail_activity_sale_approval"
        # sudo: activities of other approvers are removed with the decision.
        order_sudo = self.sudo()
        order_sudo.activity_feedback([xmlid], user_id=self.env.user.id)
        order_sudo.activity_unlink([xmlid])

    def _notify_blocked_acceptance(self, reasons):
        """Tell the salesperson that a customer accepted a quotation that cannot be
        confirmed yet (portal path)."""
        self.ensure_one()
        # sudo: the portal customer who signed or paid posts nothing themselves; the note and
        # the activity are the company's, for the salesperson.
        order_sudo = self.sudo()
        order_sudo.message_post(
            body=Markup("<p>%s</p>")
            % _("The customer accepted the quotation, but it cannot be confirmed yet:")
            + self._format_reasons_html(reasons)
        )
        if self.user_id:
            order_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=_("Accepted quotation blocked: %(order)s", order=self.name),
                note="\n".join(r["message"] for r in reasons),
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
