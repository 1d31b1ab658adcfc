# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.tools import format_datetime
from odoo.tools.misc import formatLang

# The panel's colour for each outcome of the gate.
OUTCOME_TONES = {
    "block": "danger",
    "hold": "warning",
    "submit": "warning",
    "confirm": "success",
}

# The sections of the panel besides its headline (see _get_review_panel_values).
PANEL_SECTIONS = ("rejection", "blocks", "holds", "approvals", "reviews", "warnings")

# How many approvers a waiting step names before "and N more".
APPROVERS_SHOWN = 3


class SaleOrder(models.Model):
    """The review panel of the order form: what Confirm will do, and why.

    A file of ``sale.order`` of its own, by concern. The panel decides nothing: it puts the
    confirmation gate's preview (``_get_gate_decisions(preview=True)``) into words, so the
    form never says something the Confirm button would not do. Addons add to it through
    :meth:`_get_review_panel_values`.
    """

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS ===

    # Internal users only: the panel names costs, credit figures and approvers, which the
    # customer reading their order (portal) must not see.
    review_panel = fields.Html(
        compute="_compute_review_panel",
        sanitize=False,
        groups="base.group_user",
        help="What Confirm will do with the order and why: what blocks it, what holds it, "
        "who approves it, the warnings. Follows the order as it is edited.",
    )
    review_brief = fields.Char(
        compute="_compute_review_brief",
        groups="base.group_user",
        help="Where the order stands in its review, in a few words (cards on a phone).",
    )

    # === COMPUTE ===

    @api.depends(
        # What the review, the approval tiers and the gate read (see _get_review_reasons,
        # _get_required_tiers, _get_gate_decisions): the panel follows the form as it is
        # edited, before it is saved.
        "state",
        "company_id",
        "partner_id",
        "partner_shipping_id",
        "pricelist_id",
        "fiscal_position_id",
        "currency_id",
        "currency_rate",
        "date_order",
        "commitment_date",
        "client_order_ref",
        "specification",
        "order_type_id",
        "warehouse_id",
        "amount_untaxed",
        "amount_total",
        "order_line.display_type",
        "order_line.product_id",
        "order_line.product_uom_qty",
        "order_line.product_uom",
        "order_line.price_unit",
        "order_line.discount",
        "order_line.price_subtotal",
        "order_line.route_id",
        "order_line.is_downpayment",
        "approval_round",
        "approval_ids.state",
        "approval_ids.is_current",
        "approval_ids.user_id",
        "approval_ids.comment",
    )
    @api.depends_context("lang")
    def _compute_review_panel(self):
        template = "sale_order_flow.sale_order_review_panel"
        QWeb = self.env["ir.qweb"]
        for order in self:
            values = order._get_review_panel_values()
            if values and (
                values["outcome"] != "confirm"
                or any(values[section] for section in PANEL_SECTIONS)
            ):
                order.review_panel = QWeb._render(template, values)
            else:
                # Nothing to review: no panel, as in Odoo.
                order.review_panel = False

    @api.depends(
        "state",
        "review_summary",
        "approval_round",
        "approval_ids.state",
        "approval_ids.is_current",
        "approval_ids.user_id",
        "approval_ids.comment",
    )
    @api.depends_context("lang")
    def _compute_review_brief(self):
        for order in self:
            order.review_brief = order._get_review_brief() or False

    # === BUSINESS ===

    def _get_review_panel_values(self):
        """What the review panel shows: the outcome of Confirm, then its reasons by section.

        Public hook: override to add to the sections (call super() first and keep its
        values; return ``{}`` unchanged). Read the gate's decision from ``decision``, never
        decide again. Every text is plain text: the template escapes it.

        :return: ``{}`` for orders Confirm no longer applies to (confirmed, cancelled),
            else a dict (the form shows no panel when the outcome is "confirm" and every
            section is empty):

            - ``decision``: the confirmation gate's preview of the order (see
              ``_get_gate_decisions``); its ``then`` is what follows the blocks or the
              approvals;
            - ``outcome``: the key of what Confirm does now: "block", "hold", "submit",
              "confirm", or "wait" (waiting for an approver);
            - ``tone``: the panel's colour ("danger", "warning", "info", "success");
            - ``headline``: one sentence, what Confirm does now; ``then``: one sentence,
              what follows once the blocks are fixed, the hold lifted or the approvals
              given (or False);
            - ``rejection``: ``{"title", "reason"}`` of the last rejection, until the order
              is submitted again (or False);
            - ``blocks``: messages of what must be fixed first;
            - ``holds``: ``[{"title", "tone", "lines": [str], "figures": [{"label",
              "value", "tone"}]}]``, one per holding policy (added by the holding addons);
            - ``approvals``: ``{"title", "steps": [{"name", "detail", "state"}]}``, the
              tiers a submission goes to or the steps of the submission (or False);
            - ``reviews``: messages of the review reasons that need approval;
            - ``warnings``: messages of the review's warnings.
        """
        self.ensure_one()
        if self.state not in ("draft", "sent", "to_approve"):
            return {}
        [decision] = self._get_gate_decisions(preview=True)
        waiting = self.state == "to_approve" and not self._is_approval_complete()
        # For an order waiting for approval, the reasons are those the gate will find
        # after the last approval.
        review = decision["then"] if waiting else decision
        reasons = review["reasons"]
        values = {
            "decision": decision,
            "outcome": "wait" if waiting else decision["outcome"],
            "tone": "info" if waiting else OUTCOME_TONES[decision["outcome"]],
            "headline": "",
            "then": False,
            "rejection": self._get_review_panel_rejection(),
            "blocks": review["blocking"] if waiting else decision["blocking"],
            "holds": [],
            "approvals": self._get_review_panel_approvals(decision),
            "reviews": [r["message"] for r in reasons if r["severity"] == "review"],
            "warnings": [r["message"] for r in reasons if r["severity"] == "warn"],
        }
        values["headline"], values["then"] = self._get_review_panel_outcome(decision)
        return values

    def _get_review_panel_outcome(self, decision):
        """The headline and the "then" sentence of the panel for the gate's ``decision``."""
        self.ensure_one()
        then = decision["then"]
        if self.state == "to_approve" and not self._is_approval_complete():
            step = self._get_current_approval()
            headline = _(
                "Waiting for approval: %(step)s (level %(level)s of %(count)s).",
                step=step.name or "-",
                level=step.level or "-",
                count=len(self._get_round_approvals()),
            )
            after = {
                "confirm": _("After the last approval, the order is confirmed."),
                "block": _(
                    "After the last approval, the order still cannot be confirmed: "
                    "withdraw it to fix what blocks."
                ),
                "hold": _(
                    "After the last approval, the order will be held (see why below)."
                ),
            }
            return headline, after.get(then["outcome"], False)
        approved = self.state == "to_approve"
        outcome = decision["outcome"]
        if outcome == "block":
            headline = (
                _(
                    "Approved at every level, but Confirm cannot go through yet: fix "
                    "what blocks first."
                )
                if approved
                else _("Confirm cannot go through yet: fix what blocks first.")
            )
            after = {
                "submit": _("Then Confirm will submit the order for approval."),
                "confirm": _("Then Confirm will confirm the order."),
                "hold": _(
                    "Then Confirm will put the order on hold (see why below): a hold is "
                    "only placed once nothing blocks."
                ),
            }
            return headline, after.get(then["outcome"] if then else "", False)
        if outcome == "hold":
            headline = (
                _("Approved at every level, but Confirm will put the order on hold.")
                if approved
                else _("Confirm will put the order on hold.")
            )
            return headline, self._get_review_panel_after_hold(decision)
        if outcome == "submit":
            return _("Confirm will submit the order for approval."), False
        if approved:
            return _("Approved at every level: Confirm confirms the order."), False
        return _("Confirm will confirm the order."), False

    def _get_review_panel_after_hold(self, decision):
        """What follows once the hold of ``decision`` is lifted (one sentence)."""
        self.ensure_one()
        # An order approved at every level is not submitted again.
        if self.state != "to_approve" and decision["unblocked_outcome"] == "submit":
            return _("Once the hold is lifted, the order goes to approval.")
        return _("Once the hold is lifted, the order is confirmed.")

    def _get_review_panel_approvals(self, decision):
        """The approval section: the tiers a submission goes to, or the steps of the
        current submission and who decided or decides each."""
        self.ensure_one()
        if self.state == "to_approve":
            steps = self._get_round_approvals()
            if not steps:
                return False
            return {
                "title": _("Approval steps"),
                "steps": [self._get_review_panel_step(step) for step in steps],
            }
        passing = decision["then"] or decision
        if passing["unblocked_outcome"] != "submit":
            return False
        tiers = passing["tiers"]
        currency = self.company_id.currency_id
        amount = self._get_approval_amount()
        if not tiers:
            group = self.env.ref("sale_order_flow.group_sale_approver")
            steps = [
                {
                    "name": _("Level 1: Approver"),
                    "detail": _("any member of %(group)s", group=group.sudo().name),
                    "state": "pending",
                }
            ]
        else:
            steps = []
            for level, tier in enumerate(tiers, start=1):
                reached = currency.compare_amounts(amount, tier.min_amount) >= 0
                threshold = formatLang(self.env, tier.min_amount, currency_obj=currency)
                detail = (
                    _(
                        "%(group)s, for orders from %(amount)s",
                        group=tier.group_id.name,
                        amount=threshold,
                    )
                    if reached
                    else _(
                        "%(group)s: the review below needs it (its threshold, "
                        "%(amount)s, is not reached)",
                        group=tier.group_id.name,
                        amount=threshold,
                    )
                )
                steps.append(
                    {
                        "name": _(
                            "Level %(level)s: %(tier)s", level=level, tier=tier.name
                        ),
                        "detail": detail,
                        "state": "pending",
                    }
                )
        return {
            "title": _(
                "Confirm will ask for these approvals (untaxed amount %(amount)s):",
                amount=formatLang(self.env, amount, currency_obj=currency),
            ),
            "steps": steps,
        }

    def _get_review_panel_step(self, step):
        """One step of the current submission in the panel: who decided it, or who
        decides it now."""
        self.ensure_one()
        name = _("Level %(level)s: %(tier)s", level=step.level, tier=step.name)
        if step.state == "approved":
            detail = _(
                "approved by %(user)s on %(date)s",
                user=step.user_id.name,
                date=format_datetime(self.env, step.date),
            )
        elif step.is_current:
            approvers = self._get_approvers(step)
            names = ", ".join(approvers[:APPROVERS_SHOWN].mapped("name"))
            if len(approvers) > APPROVERS_SHOWN:
                names = _(
                    "%(names)s and %(count)s more",
                    names=names,
                    count=len(approvers) - APPROVERS_SHOWN,
                )
            # sudo: the group's name only, shown to whoever reads the order.
            group = step.group_id.sudo().name
            detail = (
                _("waiting for %(group)s (%(users)s)", group=group, users=names)
                if names
                else _("waiting for %(group)s (nobody in it yet)", group=group)
            )
        else:
            detail = _("next, for %(group)s", group=step.group_id.sudo().name)
        return {"name": name, "detail": detail, "state": step.state}

    def _get_review_panel_rejection(self):
        """The last rejection, while the order has not been submitted again."""
        self.ensure_one()
        step = self._get_last_rejection()
        if not step:
            return False
        return {
            "title": _(
                "Rejected by %(user)s on %(date)s (%(step)s):",
                user=step.user_id.name or "-",
                date=format_datetime(self.env, step.date),
                step=step.name,
            ),
            "reason": step.comment or "",
        }

    def _get_approval_outcome_note(self):
        """What approving the step waiting now leads to, in one sentence (the Approve
        dialog): the next level, or what the gate's preview says the last approval does."""
        self.ensure_one()
        current = self._get_current_approval()
        following = self._get_round_approvals().filtered(
            lambda step: step.state == "pending" and step != current
        )[:1]
        if following:
            return _(
                "After your approval, level %(level)s (%(step)s) waits for %(group)s.",
                level=following.level,
                step=following.name,
                # sudo: the group's name only.
                group=following.group_id.sudo().name,
            )
        return self._get_review_panel_values().get("then") or ""

    def _get_review_brief(self):
        """Where the order stands in its review, in a few words, from what is recorded
        (no review is run: the cards of a whole list show it). Override to add a state
        (e.g. a hold), in front of super()'s."""
        self.ensure_one()
        if self.state == "to_approve":
            step = self._get_current_approval()
            if not step:
                return _("Approved at every level: to confirm")
            brief = _("Waiting for %(step)s", step=step.name)
            if self.review_summary:
                brief = _(
                    "%(brief)s: %(reasons)s",
                    brief=brief,
                    reasons=self.review_summary.replace("\n", "; "),
                )
            return brief
        rejection = self._get_last_rejection()
        if rejection:
            return _(
                "Rejected by %(user)s: %(reason)s",
                user=rejection.user_id.name or "-",
                reason=rejection.comment or "",
            )
        return ""
