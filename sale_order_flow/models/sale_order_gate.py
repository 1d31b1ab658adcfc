# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import contextlib
from contextvars import ContextVar

from odoo import _, models
from odoo.exceptions import UserError

# Who is asking the gate to confirm, which decides how a blocked order is reported:
# - "user": someone confirms (button, RPC, script): one error lists what blocks, nothing
#   changes;
# - "customer": the customer signs or pays in the portal: the quotation stays as it is and
#   its salesperson is told what to fix;
# - "process": the last approval or a credit release continues the order: same as for the
#   customer, so the decision that was taken is kept.
# A context variable set by our own server-side callers, not a key of the environment's
# context, which RPC callers choose freely.
_GATE_CALLER = ContextVar("sale_order_flow_gate_caller", default="user")


class SaleOrder(models.Model):
    """The confirmation gate: the one place that decides what confirming an order does.

    Every way into "to_approve" or "sale" goes through :meth:`action_confirm`: the Confirm
    button, RPC and scripts, the last approval, the customer's signature or online payment,
    a credit release. Any other change of the state across these is refused by
    ``sale.order.write`` (see ``_check_state_change``).
    """

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === ACTIONS ===

    def action_confirm(self):
        """Decide what confirming does to each order, then do it.

        One outcome per order (see :meth:`_get_gate_decisions`):

        - ``block``: something must be fixed first (blocking review reasons, Odoo's own
          checks, approval still pending). When a user confirms, one ``UserError`` lists
          every blocked order and nothing changes; when the customer or the approval process
          continues the order, it stays as it is and its salesperson is told;
        - ``hold``: an addon holds the order (``sale_credit_guard``: the credit policy), see
          :meth:`_gate_check_holds` and :meth:`_gate_apply_holds`;
        - ``submit``: submitted for approval to the tiers it reaches;
        - ``confirm``: confirmed by Odoo; an order confirmed through approval is locked.

        :return: True, or the dialog the holding addon returns (e.g. the credit hold)
        """
        if _GATE_CALLER.get() == "user":
            # Confirming (or submitting) changes the order: only for users who may edit it.
            # The customer's and the approval process's paths check their own rights.
            self.check_access("write")
        return self._apply_gate_decisions(self._get_gate_decisions())

    def _validate_order(self):
        # The customer's signature in the portal (also the payment's path): blocked orders
        # stay signed quotations and their salesperson is told.
        with self._gate_caller("customer"):
            return super()._validate_order()

    def _confirmation_error_message(self):
        # Odoo only confirms quotations; an order whose approvals are complete may be
        # confirmed too (its content could not change while it waited, and Odoo's checks
        # passed when it was submitted).
        if self.state == "to_approve" and self._is_approval_complete():
            return False
        return super()._confirmation_error_message()

    # === DECISIONS ===

    def _get_gate_decisions(self, preview=False):
        """What confirming would do to each order of ``self``, without changing anything.

        :param preview: for display only (the review panel): holding addons skip what only
            matters when the gate really runs (locks), and each blocked order also says what
            follows once what blocks it is out of the way (``then``), holds included: a hold
            is announced after the blocks, never instead of them
        :return: one dict per order, in order: ``order``; ``outcome`` ("block", "hold",
            "submit" or "confirm"); ``reasons``, the review reasons (see
            ``_get_review_reasons``); ``blocking``, the messages of what blocks;
            ``unblocked_outcome``, the outcome once nothing blocks ("submit" or "confirm");
            ``tiers``, the ``sale.approval.tier`` records a submission goes to (also while
            something blocks the submission); ``hold``, what a hold rests on (set by the
            holding addon, e.g. the credit verdict); ``then``, in a preview of a blocked
            order, the decision the gate takes once the blocking reasons are fixed or, for
            an order waiting for approval, once the last approval is given (None otherwise)
        """
        decisions = [order._get_gate_decision(preview=preview) for order in self]
        passing = [
            decision
            for decision in decisions + [d["then"] for d in decisions if d["then"]]
            if decision["outcome"] in ("submit", "confirm")
        ]
        if passing:
            self._gate_check_holds(passing, preview=preview)
        return decisions

    def _get_gate_decision(self, preview=False):
        """The outcome of confirming this order, before any hold (see
        :meth:`_get_gate_decisions`)."""
        self.ensure_one()
        if self.state not in ("draft", "sent", "to_approve"):
            # Odoo refuses it with its own message.
            return self._prepare_gate_decision()
        if self.state == "to_approve" and not self._is_approval_complete():
            decision = self._prepare_gate_decision(
                outcome="block",
                blocking=[
                    _(
                        "It is waiting for approval (%(step)s): an approver must approve "
                        "it first.",
                        step=self._get_current_approval().name or "-",
                    )
                ],
            )
            if preview:
                # The last approval sends the order through the gate again: say now what
                # the gate will find then.
                decision["then"] = self._get_gate_review_decision()
            return decision
        decision = self._get_gate_review_decision()
        if decision["outcome"] == "block" and preview:
            decision["then"] = dict(
                decision, outcome=decision["unblocked_outcome"], blocking=[]
            )
        return decision

    def _get_gate_review_decision(self):
        """The decision the review of the order leads to: "block" when a reason or Odoo's
        own check blocks, else "submit" (with the tiers) or "confirm"; also, in
        ``unblocked_outcome``, the outcome once nothing blocks."""
        self.ensure_one()
        reasons = self._get_review_reasons()
        blocking = [r["message"] for r in reasons if r["severity"] == "block"]
        # An order waiting for approval passed Odoo's checks when it was submitted.
        error = self.state != "to_approve" and self._confirmation_error_message()
        if error:
            blocking.append(error)
        outcome = "confirm"
        tiers = self.env["sale.approval.tier"]
        if self.state != "to_approve":
            required = self._get_required_tiers(reasons)
            if self._needs_approval(reasons, required):
                outcome, tiers = "submit", required
        return self._prepare_gate_decision(
            outcome="block" if blocking else outcome,
            unblocked_outcome=outcome,
            reasons=reasons,
            blocking=blocking,
            tiers=tiers,
        )

    def _prepare_gate_decision(self, **values):
        """A decision of the gate for this order (see :meth:`_get_gate_decisions`):
        "confirm", nothing found, unless ``values`` say otherwise."""
        self.ensure_one()
        return {
            "order": self,
            "outcome": "confirm",
            "unblocked_outcome": "confirm",
            "reasons": [],
            "blocking": [],
            "tiers": self.env["sale.approval.tier"],
            "hold": None,
            "then": None,
            **values,
        }

    def _gate_check_holds(self, decisions, preview=False):
        """Hook: hold orders that would otherwise be submitted or confirmed.

        Called once per pass of the gate with the decisions whose outcome is "submit" or
        "confirm", all orders at once (check them in batch). Override to set a decision's
        ``outcome`` to "hold" and its ``hold`` to what the hold rests on; the order stays
        where it is, and :meth:`_gate_apply_holds` records the hold. With ``preview``,
        nothing is about to happen: skip locks.
        """

    def _gate_apply_holds(self, decisions):
        """Hook: record the holds decided by :meth:`_gate_check_holds`.

        Called with every decision of the pass (held ones have the outcome "hold"), before
        the others are submitted or confirmed, so an addon can also lift holds that no
        longer apply. :return: an action to show (a dialog about the held orders) or False
        """
        return False

    # === OUTCOMES ===

    def _apply_gate_decisions(self, decisions):
        """Do what ``decisions`` (see :meth:`_get_gate_decisions`) say, in one go."""
        caller = _GATE_CALLER.get()
        blocked = [d for d in decisions if d["outcome"] == "block"]
        if blocked and caller == "user":
            raise UserError(
                "\n\n".join(
                    _(
                        "Order %(order)s cannot be confirmed yet. Fix the following and "
                        "try again:\n%(reasons)s",
                        order=d["order"].name,
                        reasons="\n".join(f"- {message}" for message in d["blocking"]),
                    )
                    for d in blocked
                )
            )
        for decision in blocked:
            decision["order"]._notify_blocked(decision["blocking"], caller)
        action = self._gate_apply_holds(decisions)
        submitted = self.browse()
        for decision in decisions:
            if decision["outcome"] == "submit":
                order = decision["order"]
                # Odoo validates the analytic distribution of quotations only: do it now,
                # while the order still is one.
                order.order_line._validate_analytic_distribution()
                order._submit_for_approval(decision["reasons"], decision["tiers"])
                submitted |= order
        if caller == "customer":
            accepted = submitted | self.browse(
                [d["order"].id for d in decisions if d["outcome"] == "hold"]
            )
            if accepted:
                # The customer's own confirmation: Odoo would have emailed them now; do it
                # when the order is confirmed. sudo: the customer cannot write the order.
                accepted.sudo().approval_send_email = True
        to_confirm = self.browse(
            [d["order"].id for d in decisions if d["outcome"] == "confirm"]
        )
        if to_confirm:
            self._gate_confirm(to_confirm)
        return action or True

    def _gate_confirm(self, orders):
        """Confirm ``orders`` through Odoo; lock those confirmed through approval and send
        the confirmation the customer waits for."""
        from_approval = orders.filtered(lambda o: o.state == "to_approve")
        waiting_email = orders.filtered("approval_send_email")
        with orders._allow_state_change():
            result = super(SaleOrder, orders).action_confirm()
        confirmed = from_approval.filtered(lambda o: o.state == "sale")
        if confirmed:
            # sudo: the approval process records how the order was confirmed.
            confirmed.sudo().write({"approval_confirmed": True, "locked": True})
        waiting_email = waiting_email.filtered(lambda o: o.state == "sale")
        if waiting_email:
            # sudo: the approval process records that the email went.
            waiting_email.sudo().approval_send_email = False
            if not self.env.context.get("send_email"):  # else Odoo just sent it
                waiting_email._send_order_confirmation_mail()
        return result

    def _get_gate_caller(self):
        """Who is asking the gate now: "user", "customer" or "process" (see
        :meth:`_gate_caller`)."""
        return _GATE_CALLER.get()

    @contextlib.contextmanager
    def _gate_caller(self, caller):
        """Run the ``with`` block as ``caller`` asking the gate ("user", "customer" or
        "process"; see the module's ``_GATE_CALLER``)."""
        token = _GATE_CALLER.set(caller)
        try:
            yield
        finally:
            _GATE_CALLER.reset(token)
