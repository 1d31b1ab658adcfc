# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount
from odoo.tools.sql import create_index

from .res_partner import EMPTY_EXPOSURE
from .sale_credit_exposure import EMPTY_FIGURES

# What the credit checks of the current transaction confirmed, per (company id, commercial
# partner id): kept in the cursor's post-commit data, which commit and rollback clear.
CONFIRMED_KEY = "sale_credit_guard.confirmed"

# Order fields only this addon (sudo) or a credit controller may write.
CREDIT_ORDER_FIELDS = (
    "credit_hold",
    "credit_hold_reason",
    "credit_released_amount",
    "credit_release_user_id",
    "credit_release_date",
    "credit_release_note",
)

# Order fields whose change withdraws a credit release (see _get_release_terms).
RELEASE_BOUND_FIELDS = frozenset(
    {"partner_id", "company_id", "currency_id", "pricelist_id"}
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Hold and release
    credit_hold = fields.Boolean(
        string="On Credit Hold",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="The order broke the credit policy when it was confirmed; a credit "
        "controller must release it.",
    )
    credit_hold_reason = fields.Text(
        string="Credit Hold Reason", readonly=True, copy=False
    )
    credit_released_amount = fields.Monetary(
        string="Released Amount",
        readonly=True,
        copy=False,
        help="Order total released by a credit controller. If the order total grows "
        "beyond it, the credit policy applies again.",
    )
    credit_release_user_id = fields.Many2one(
        comodel_name="res.users", string="Released By", readonly=True, copy=False
    )
    credit_release_date = fields.Datetime(
        string="Released On", readonly=True, copy=False
    )
    credit_release_note = fields.Text(string="Release Note", readonly=True, copy=False)

    # What the order adds to its customer's exposure, stored so that the credit check
    # sums one column (an index-only scan) instead of reading every line and invoice line
    # of the customer's open orders. A float (double precision): a sum of 50,000 of them
    # is several times faster than of numerics, and the total is rounded once.
    credit_uninvoiced_amount = fields.Float(
        string="Uninvoiced Exposure",
        compute="_compute_credit_uninvoiced_amount",
        store=True,
        readonly=True,
        copy=False,
        help="Part of this confirmed order that no invoice covers yet, taxes included, "
        "down payments deducted, in company currency: what it adds to the customer's "
        "credit exposure (never below zero; zero for quotations and cancelled orders).",
    )

    # Preview of the customer's exposure (company currency), not stored and cheap: a
    # fixed number of aggregate queries, only when the company uses credit limits.
    credit_enabled = fields.Boolean(related="company_id.account_use_credit_limit")
    credit_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Credit Currency"
    )
    credit_partner_exposure = fields.Monetary(
        string="Customer Exposure",
        compute="_compute_credit_preview",
        currency_field="credit_company_currency_id",
    )
    credit_partner_limit = fields.Monetary(
        string="Customer Credit Limit",
        compute="_compute_credit_preview",
        currency_field="credit_company_currency_id",
    )
    credit_exposure_after = fields.Monetary(
        string="Exposure With This Order",
        compute="_compute_credit_preview",
        currency_field="credit_company_currency_id",
        help="Customer exposure once this order is confirmed (equal to the exposure "
        "for confirmed orders, already counted).",
    )
    credit_partner_overdue_days = fields.Integer(
        string="Customer Overdue Days", compute="_compute_credit_preview"
    )
    credit_over_limit = fields.Boolean(compute="_compute_credit_preview")

    def init(self):
        res = super().init()
        # The orders counted in a customer's exposure, summed on every credit check
        # (sale.credit.exposure._read_orders) from the index alone.
        create_index(
            self.env.cr,
            indexname="sale_order_credit_uninvoiced_idx",
            tablename="sale_order",
            expressions=["partner_id", "company_id", "credit_uninvoiced_amount"],
            where="state = 'sale' AND credit_uninvoiced_amount > 0",
        )
        return res

    @api.depends(
        "state",
        "invoice_status",
        "currency_rate",
        "company_id.credit_include_draft_invoices",
        "order_line.display_type",
        "order_line.is_downpayment",
        "order_line.product_uom_qty",
        "order_line.product_uom.factor",
        "order_line.price_total",
        "order_line.qty_invoiced",
        "order_line.untaxed_amount_invoiced",
        "order_line.invoice_lines.quantity",
        "order_line.invoice_lines.price_total",
        "order_line.invoice_lines.product_uom_id.factor",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.move_type",
        "order_line.invoice_lines.move_id.amount_total_signed",
    )
    def _compute_credit_uninvoiced_amount(self):
        """Per line: ``max((quantity - quantity invoiced) / quantity, 0) * total``, the
        quantity invoiced being that of the posted invoices minus the posted credit notes
        of the line (plus its draft invoices when the company counts them), read from the
        invoice lines themselves. Invoiced down payments (lines without quantity) not yet
        deducted by a final invoice are subtracted: they are in the receivables (or draft
        invoices) already; a line with a quantity always counts as a product, whatever its
        down payment flag says. Sections, notes and other lines without quantity are left
        out. Per order: the sum of its lines divided by the order's currency rate, never
        below zero. Fully invoiced orders count for nothing when draft invoices count
        (nothing is left of them), not otherwise (an order invoiced by a draft counts).

        The invoice lines are only read for the lines Odoo says something is invoiced on
        (stored invoiced quantity or amount): most lines of open orders have none, and
        confirming an order reads nothing more. Were those figures wrong, the line would
        count in full, the prudent side."""
        for order in self:
            count_drafts = order.company_id.credit_include_draft_invoices
            if order.state != "sale" or (
                count_drafts and order.invoice_status == "invoiced"
            ):
                order.credit_uninvoiced_amount = 0.0
                continue
            total = 0.0
            for line in order.order_line:
                if line.display_type or not (
                    line.product_uom_qty or line.is_downpayment
                ):
                    continue
                invoiced = (
                    [
                        (-1 if aml.move_id.move_type == "out_refund" else 1, aml)
                        for aml in line.invoice_lines
                        if aml.move_id._is_counted_in_credit_exposure(count_drafts)
                    ]
                    if line.qty_invoiced or line.untaxed_amount_invoiced
                    else []
                )
                if not line.product_uom_qty:
                    total -= sum(sign * aml.price_total for sign, aml in invoiced)
                    continue
                line_factor = line.product_uom.factor or 1.0
                invoiced_qty = sum(
                    sign
                    * aml.quantity
                    / (aml.product_uom_id.factor or 1.0)
                    * line_factor
                    for sign, aml in invoiced
                )
                total += (
                    max(
                        (line.product_uom_qty - invoiced_qty) / line.product_uom_qty,
                        0.0,
                    )
                    * line.price_total
                )
            order.credit_uninvoiced_amount = max(
                total / (order.currency_rate or 1.0), 0.0
            )

    @api.depends("partner_id", "company_id", "amount_total", "currency_rate", "state")
    def _compute_credit_preview(self):
        enabled = self.filtered("company_id.account_use_credit_limit")
        (self - enabled).update(
            {
                "credit_partner_exposure": 0.0,
                "credit_partner_limit": 0.0,
                "credit_exposure_after": 0.0,
                "credit_partner_overdue_days": 0,
                "credit_over_limit": False,
            }
        )
        figures = self.env["sale.credit.exposure"]._get_figures_by_company(
            {
                company: enabled.filtered(
                    lambda o, c=company: o.company_id == c
                ).partner_id
                for company in enabled.company_id
            }
        )
        quotations = enabled.filtered(lambda o: o.state != "sale" and o._origin)
        prepayments = self.env["sale.credit.exposure"]._get_prepayments(quotations)
        for order in enabled:
            key = (
                order.company_id.id,
                order.partner_id.commercial_partner_id._origin.id,
            )
            values = figures.get(key, EMPTY_FIGURES)
            after = values["exposure"]
            if order.state != "sale":
                # The unpaid part, prepayments in the receivables counted once (as in
                # the credit check).
                unpaid, prepayment = order._get_credit_unpaid_amount(prepayments)
                after += unpaid - (prepayment or {}).get("booked", 0.0)
            limit = values["limit"]
            order.credit_partner_exposure = values["exposure"]
            order.credit_partner_limit = limit
            order.credit_exposure_after = after
            order.credit_partner_overdue_days = values["overdue_days"]
            order.credit_over_limit = self.env["sale.credit.exposure"]._is_over_limit(
                order.company_id, after, limit, order.company_id.credit_limit_tolerance
            )

    @api.depends("company_id", "partner_id", "amount_total")
    def _compute_partner_credit_warning(self):
        # Where the policy holds orders, the review panel states the customer's credit and
        # what Confirm does with it, from the gate's own verdict (see
        # _get_review_panel_values): Odoo's warning, which adds up every open order of the
        # customer line by line on each keystroke, would only repeat it, or contradict it.
        # Elsewhere Odoo's own warning stays, unchanged.
        stock_warning = self.filtered(
            lambda o: not o.company_id._credit_policy_enabled()
        )
        (self - stock_warning).partner_credit_warning = ""
        return super(SaleOrder, stock_warning)._compute_partner_credit_warning()

    @api.depends("credit_hold", "credit_release_date", "credit_released_amount")
    def _compute_review_panel(self):
        # The hold and the release change what the panel says (dependencies added to
        # sale_order_flow's).
        return super()._compute_review_panel()

    @api.depends("credit_hold", "credit_hold_reason")
    def _compute_review_brief(self):
        return super()._compute_review_brief()

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_credit_fields_access(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_credit_fields_access(vals)
        released = self.browse()
        if RELEASE_BOUND_FIELDS.intersection(vals):
            released = self.filtered("credit_release_date")
            granted = {order: order._get_release_terms() for order in released}
        res = super().write(vals)
        if released:
            released = released.filtered(
                lambda order: order._get_release_terms() != granted[order]
            )
            if released:
                # sudo: a release is granted for one customer, company and currency (the
                # released amount is a number in that currency); changing one of them
                # withdraws it, whoever edits the order.
                released.sudo().write(
                    {
                        "credit_released_amount": 0.0,
                        "credit_release_user_id": False,
                        "credit_release_date": False,
                        "credit_release_note": False,
                    }
                )
        return res

    def _get_release_terms(self):
        """What a credit release was granted for: the customer, the company and the
        currency of the released amount."""
        self.ensure_one()
        return (self.partner_id, self.company_id, self.currency_id)

    def _action_cancel(self):
        """Cancelled orders leave the credit hold queue (hold lifted, activity removed)."""
        held = self.filtered("credit_hold")
        res = super()._action_cancel()
        held._lift_credit_hold()
        return res

    def action_draft(self):
        """Withdrawn orders leave the credit hold queue: the confirmation the hold answered
        is withdrawn with them (confirming again checks the policy again)."""
        held = self.filtered(lambda o: o.credit_hold and o.state == "to_approve")
        res = super().action_draft()
        held._lift_credit_hold()
        return res

    def _lift_credit_hold(self):
        """Remove the hold of orders whose confirmation was cancelled or withdrawn."""
        if self:
            # sudo: cancelling and withdrawing are the salesperson's right; the hold and
            # the controllers' activity go with the request.
            self.sudo().credit_hold = False
            self._get_credit_activities().unlink()

    # --------------------------------------------------------------- actions

    def action_credit_release(self, note=False):
        """Release held orders (credit controllers), then let each continue where it stood.

        Only orders on credit hold that the controller may read (record rules apply: their
        companies) are released, for their current amount: if the total grows beyond it, the
        credit policy applies again. An order held when it was confirmed or submitted goes
        through the confirmation gate again, which confirms it, submits it for approval, or
        confirms it without a new approval round when its approvals are complete. An order
        held at delivery may then be delivered.

        :param note: why the credit controller lets the order through (chatter)
        """
        if not self.env["res.partner"]._is_credit_controller():
            raise AccessError(
                self.env._(
                    "Only a credit controller can release an order from credit hold. Ask a "
                    "member of the Credit Controller group to review %(orders)s.",
                    orders=", ".join(self.mapped("name")),
                )
            )
        self.check_access("read")
        not_held = self.filtered(lambda o: not o.credit_hold)
        if not_held:
            raise UserError(
                self.env._(
                    "%(orders)s is not on credit hold: there is nothing to release.",
                    orders=", ".join(not_held.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        for order in self:
            # sudo: a credit controller reads the orders of every salesperson of their
            # companies but may not edit them (checked just above); the release fields and
            # the note are all this writes, signed with their name.
            order.sudo().write(
                {
                    "credit_hold": False,
                    "credit_released_amount": order.amount_total,
                    "credit_release_user_id": self.env.user.id,
                    "credit_release_date": now,
                    "credit_release_note": note or False,
                }
            )
            body = self.env._(
                "Released from credit hold by %(user)s for %(amount)s.",
                user=self.env.user.name,
                amount=order._format_credit_amount(
                    order.amount_total, order.currency_id
                ),
            )
            if note:
                body = Markup("%s<br/>%s") % (body, note)
            # The salesperson is told (in their inbox) that the order goes on. sudo: see
            # above; signed by the controller.
            order.sudo().message_post(
                body=body,
                author_id=self.env.user.partner_id.id,
                partner_ids=order.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self._get_credit_activities().action_feedback(
            feedback=self.env._("Released from credit hold.")
        )
        waiting = self.filtered(lambda o: o.state in ("draft", "sent", "to_approve"))
        if waiting:
            # sudo: as above, the controller continues orders they may not edit; the gate
            # decides what that does (and tells the salesperson what still blocks).
            with self._gate_caller("process"):
                waiting.sudo().action_confirm()
        return True

    def action_open_credit_release_wizard(self):
        """Open the dialog where the credit controller writes why the order is released."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit Hold"),
            "res_model": "sale.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_credit_open_partner_exposure(self):
        """Open the customer's form on its Credit tab, in the order's company."""
        self.ensure_one()
        view = self.env.ref("sale_credit_guard.view_partner_form_credit_tab")
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.commercial_partner_id.id,
            "view_mode": "form",
            "views": [(view.id, "form")],
            "context": {"allowed_company_ids": [self.company_id.id]},
        }

    # ----------------------------------------------------------------- policy

    def _gate_check_holds(self, decisions, preview=False):
        """Hold the orders whose customer breaks the credit policy (confirmation gate hook).

        Orders about to be submitted or confirmed are checked in one batch, under a lock on
        their customers (except in a preview): one set of exposure queries per company, and
        orders of the same customer confirmed together count for each other. The verdict is
        kept in the decision (``credit``; ``hold`` for held orders).
        """
        super()._gate_check_holds(decisions, preview=preview)
        checked = [
            d
            for d in decisions
            if d["outcome"] in ("submit", "confirm")
            and d["order"].partner_id
            and d["order"].company_id._credit_policy_enabled()
        ]
        if not checked:
            return
        orders = self.browse([d["order"].id for d in checked])
        exposure_data = {}
        for company in orders.company_id.sorted("id"):
            company_orders = orders.filtered(lambda o, c=company: o.company_id == c)
            if preview:
                partners = company_orders.partner_id
                exposure_data[company] = partners._get_credit_exposure_data(company)
            else:
                exposure_data[company] = company_orders._get_locked_exposure_data(
                    company
                )
        prepayments = self.env["sale.credit.exposure"]._get_prepayments(
            orders.filtered(lambda o: o.state != "sale")
        )
        pending = defaultdict(float)
        for decision in checked:
            order = decision["order"]
            key = (order.partner_id.commercial_partner_id, order.company_id)
            verdict = order._credit_check(
                pending_amount=pending[key],
                exposure_data=exposure_data[order.company_id],
                prepayments=prepayments,
            )
            decision["credit"] = verdict
            if verdict["blocked"]:
                decision.update(outcome="hold", hold=verdict)
            elif decision["outcome"] == "confirm":
                # What the order adds to the exposure of the next orders of the customer.
                pending[key] = (
                    verdict["exposure_after"]
                    - (
                        exposure_data[order.company_id].get(key[0].id, EMPTY_EXPOSURE)[
                            "exposure"
                        ]
                    )
                )

    def _gate_apply_holds(self, decisions):
        """Put the held orders on credit hold and lift the holds that no longer apply
        (confirmation gate hook); return the dialog explaining the holds."""
        action = super()._gate_apply_holds(decisions)
        self._record_credit_confirmations(
            [d for d in decisions if d["outcome"] == "confirm" and d.get("credit")]
        )
        held = [d for d in decisions if d["outcome"] == "hold" and d.get("credit")]
        for decision in held:
            decision["order"]._put_on_credit_hold(decision["hold"])
        passing = self.browse(
            [
                d["order"].id
                for d in decisions
                if d["outcome"] in ("submit", "confirm") and d["order"].credit_hold
            ]
        )
        if passing:
            # sudo: the policy itself lifts a hold that no longer applies.
            passing.sudo().credit_hold = False
            passing._get_credit_activities().action_feedback(
                feedback=self.env._("The order passes the credit policy again.")
            )
        if held and not action and self._get_gate_caller() != "customer":
            action = self._get_credit_hold_dialog_action([d["hold"] for d in held])
        return action

    @api.model
    def _company_has_sale_controls(self, company):
        """The credit policy is a control: where it holds orders, a confirmed order keeps
        the customer, company and currency its credit check was made for, and the figures
        the exposure reads cannot be set by hand."""
        return (
            super()._company_has_sale_controls(company)
            or company._credit_policy_enabled()
        )

    def _get_gate_hold_messages(self, decision):
        """The credit reasons of a hold decided by :meth:`_gate_check_holds`."""
        messages = super()._get_gate_hold_messages(decision)
        if decision.get("credit"):
            messages += [r["message"] for r in decision["hold"]["reasons"]]
        return messages

    # ---------------------------------------------------------- review panel

    def _get_review_panel_values(self):
        """Add the credit verdict the gate found to the panel's holds (see
        ``sale_order_flow``): the customer's figures, what the policy does with the order
        and why. Nothing is computed again: the verdict is the one the gate's preview
        holds in its decision (``credit``)."""
        values = super()._get_review_panel_values()
        if not values:
            return values
        decision = values["decision"]
        then = decision["then"]
        # A blocked order, or one waiting for approval, is checked as it will be once the
        # blocks are fixed or the approvals given: the hold comes after them.
        verdict = (then or decision).get("credit")
        if verdict:
            values["holds"].append(self._get_credit_panel_section(verdict, decision))
        elif self.credit_hold:
            values["holds"].append(
                {
                    "title": self.env._("On credit hold"),
                    "tone": "danger",
                    "lines": (self.credit_hold_reason or "").splitlines(),
                    "figures": [],
                }
            )
        if (
            self.credit_hold
            and decision["outcome"] == "hold"
            and decision.get("credit")
        ):
            values["headline"] = self.env._(
                "On credit hold: a credit controller must release the order."
            )
        elif self.credit_hold and then and then["outcome"] == "hold":
            values["then"] = self.env._(
                "Then it stays on credit hold until a credit controller releases it."
            )
        return values

    def _get_credit_panel_section(self, verdict, decision):
        """The credit section of the review panel for the gate's ``verdict`` (see
        ``_credit_check``) in ``decision``."""
        self.ensure_one()
        currency = verdict["currency"]
        over_limit = self.env["sale.credit.exposure"]._is_over_limit(
            verdict["company"],
            verdict["exposure_after"],
            verdict["limit"],
            verdict["terms"].get("tolerance", 0.0),
        )
        grace = verdict["terms"].get(
            "grace_days", self.company_id.credit_overdue_grace_days
        )
        figures = [
            {
                "label": self.env._("Exposure"),
                "value": self._format_credit_amount(verdict["exposure"], currency),
            },
            {
                "label": self.env._("With this order"),
                "value": self._format_credit_amount(
                    verdict["exposure_after"], currency
                ),
                "tone": "danger" if over_limit else False,
            },
            {
                "label": self.env._("Limit"),
                "value": self._format_credit_amount(verdict["limit"], currency),
            }
            if verdict["limit"]
            else {"label": self.env._("No credit limit"), "value": ""},
        ]
        if verdict["overdue_days"]:
            figures.append(
                {
                    "label": self.env._("Oldest overdue"),
                    "value": self.env._("%(days)s days", days=verdict["overdue_days"]),
                    "tone": "danger" if verdict["overdue_days"] > grace else False,
                }
            )
        lines = [reason["message"] for reason in verdict["reasons"]]
        if verdict["blocked"]:
            tone = "danger"
            if self.credit_hold:
                title = self.env._("On credit hold")
            else:
                title = (
                    self.env._("Credit: Confirm will put the order on credit hold")
                    if decision["outcome"] == "hold"
                    else self.env._(
                        "Credit: the order will be put on credit hold once nothing "
                        "else stops it"
                    )
                )
                lines.append(
                    self.env._("A credit controller must release it before it goes on.")
                )
        elif verdict["released"]:
            tone = "success"
            title = self.env._(
                "Credit: released by %(user)s for %(amount)s",
                user=self.credit_release_user_id.name or "-",
                amount=self._format_credit_amount(
                    self.credit_released_amount, self.currency_id
                ),
            )
            lines.append(
                self.env._(
                    "The policy is set aside up to that total: a larger total is "
                    "checked again."
                )
            )
            if self.credit_release_note:
                lines.append(self.credit_release_note)
        else:
            tone = "success"
            title = (
                self.env._("Credit: within the policy again: Confirm lifts the hold")
                if self.credit_hold
                else self.env._("Credit: within the policy")
            )
        return {"title": title, "tone": tone, "lines": lines, "figures": figures}

    def _get_review_brief(self):
        """On a card, a hold comes first, with the first reason the policy gave."""
        brief = super()._get_review_brief()
        if not self.credit_hold:
            return brief
        reason = (self.credit_hold_reason or "").split("\n")[0]
        hold = (
            self.env._("On credit hold: %(reason)s", reason=reason)
            if reason
            else self.env._("On credit hold")
        )
        return f"{hold}; {brief}" if brief else hold

    def _credit_check(self, pending_amount=0.0, exposure_data=None, prepayments=None):
        """Evaluate the credit policy for this order (see ``res.partner._credit_check``).

        A quotation counts for its unpaid part: its total minus what was paid in advance
        (done payment transactions, paid down payment invoices); a fully prepaid one is
        never held by the limit nor by overdue invoices.

        :param pending_amount: company-currency amount of other orders of the same
            customer confirmed in the same call, not yet in the exposure
        :param exposure_data: exposure of the customers of several orders checked at once
            (see ``res.partner._get_credit_exposure_data``)
        :param prepayments: ``sale.credit.exposure._get_prepayments`` of several orders
            checked at once (default: read for this order)
        :return: the partner verdict, plus ``order`` and ``released``; a released order
            (current total within the released amount) is never blocked.
        """
        self.ensure_one()
        amount, prepayment = 0.0, None
        if self.state != "sale":
            amount, prepayment = self._get_credit_unpaid_amount(prepayments)
        verdict = self.partner_id._credit_check(
            self.company_id,
            amount=amount + pending_amount,
            exposure_data=exposure_data,
            prepayment=prepayment,
        )
        verdict["order"] = self
        if verdict["enabled"]:
            invoicing_reasons = self._get_invoicing_hold_reasons()
            if invoicing_reasons:
                verdict["reasons"] = verdict["reasons"] + invoicing_reasons
                verdict["blocked"] = True
        verdict["released"] = self._is_credit_released()
        if verdict["released"]:
            verdict["blocked"] = False
        return verdict

    def _get_invoicing_hold_reasons(self):
        """The manual credit hold of the commercial entity invoiced for this order, when it
        is not the ordering customer's: a held company cannot be invoiced through an order
        of someone else (a new contact outside it, say). No query when both are the same.
        """
        self.ensure_one()
        invoiced = self.partner_invoice_id.commercial_partner_id
        if not invoiced or invoiced == self.partner_id.commercial_partner_id:
            return []
        limits = self.env["sale.credit.exposure"]._get_limits_and_holds(
            self.company_id, invoiced
        )
        if not limits[invoiced.id][1]:
            return []
        return [
            {
                "code": "hold",
                "message": self.env._(
                    "%(partner)s, invoiced for this order, is on manual credit hold in "
                    "%(company)s.",
                    partner=invoiced.display_name,
                    company=self.company_id.name,
                ),
            }
        ]

    def _is_credit_released(self):
        """True when a credit controller released this order for its current total."""
        self.ensure_one()
        return bool(self.credit_release_date) and (
            float_compare(
                self.amount_total,
                self.credit_released_amount,
                precision_rounding=self.currency_id.rounding,
            )
            <= 0
        )

    def _get_credit_amount(self):
        """Order total in company currency, as counted in the customer's exposure."""
        self.ensure_one()
        return self.amount_total / (self.currency_rate or 1.0)

    def _get_credit_unpaid_amount(self, prepayments=None):
        """Return ``(unpaid part, prepayment)`` of this quotation in company currency:
        its total minus what was paid in advance, and the prepayment as
        ``res.partner._credit_check`` takes it (``None`` without any).

        :param prepayments: ``sale.credit.exposure._get_prepayments`` of a batch of
            orders including this one (default: read for this order, one query)
        """
        self.ensure_one()
        if prepayments is None:
            prepayments = self.env["sale.credit.exposure"]._get_prepayments(self)
        total = self._get_credit_amount()
        paid = prepayments.get(self._origin.id)
        if not paid:
            return total, None
        currency = self.company_id.currency_id
        unpaid = max(total - paid["prepaid"], 0.0)
        return unpaid, {
            "prepaid": min(paid["prepaid"], total),
            "booked": paid["booked"],
            "full": currency.is_zero(unpaid),
        }

    def _get_locked_exposure_data(self, company):
        """Take the credit locks of the customers of ``self`` (orders of ``company``) and
        return their exposure data (see ``res.partner._get_credit_exposure_data``), as of
        now.

        The locks serialize the checks of a customer (``sale.credit.lock``): a check that
        waited reads, on a fresh cursor, what the checks before it committed (this
        transaction's snapshot is older), plus what this transaction confirmed itself; the
        higher of that and this snapshot's exposure counts. Nothing else waits for these
        locks: quotations, invoices and payments of the customer go on.
        """
        partners = self.partner_id.commercial_partner_id
        # sudo: the lock and its stamps have no access rights; taking the lock reads and
        # shows nothing to the user.
        lock = self.env["sale.credit.lock"].sudo()
        lock._acquire(company, partners.ids)
        data = partners._get_credit_exposure_data(company)
        stale = lock._get_stale_partner_ids(company, partners.ids)
        if not stale:
            return data
        with self.env.registry.cursor() as cr:
            fresh_env = lock._get_fresh_env(cr)
            fresh = (
                fresh_env["res.partner"]
                .browse(sorted(stale))
                ._get_credit_exposure_data(fresh_env["res.company"].browse(company.id))
            )
        confirmed = self.env.cr.postcommit.data.get(CONFIRMED_KEY, {})
        for partner_id in stale:
            values = dict(fresh.get(partner_id, EMPTY_EXPOSURE))
            ours = confirmed.get((company.id, partner_id), 0.0)
            values["orders"] += ours
            values["exposure"] += ours
            current = data.get(partner_id, EMPTY_EXPOSURE)
            if values["exposure"] > current["exposure"]:
                data[partner_id] = values
        return data

    def _record_credit_confirmations(self, decisions):
        """Remember, until this transaction ends, what the credit checks of ``decisions``
        confirm, for the checks that will wait for these customers' locks (a stamp) and
        for this transaction's own later checks (the amounts)."""
        if not decisions:
            return
        confirmed = self.env.cr.postcommit.data.setdefault(
            CONFIRMED_KEY, defaultdict(float)
        )
        partners_by_company = defaultdict(set)
        for decision in decisions:
            order = decision["order"]
            partner = order.partner_id.commercial_partner_id
            confirmed[(order.company_id.id, partner.id)] += order._get_credit_amount()
            partners_by_company[order.company_id].add(partner.id)
        # sudo: see _get_locked_exposure_data.
        lock = self.env["sale.credit.lock"].sudo()
        for company, partner_ids in partners_by_company.items():
            lock._stamp(company, partner_ids)

    def _put_on_credit_hold(self, verdict):
        """Hold the order: reason, chatter message and one activity for the controllers."""
        self.ensure_one()
        reason = "\n".join(r["message"] for r in verdict["reasons"])
        # sudo: the salesperson confirming the order may not set the hold themself,
        # but the policy must record it.
        self.sudo().write({"credit_hold": True, "credit_hold_reason": reason})
        # A note of the process: it needs no sender address (sudo: the user confirming may
        # not write the order, e.g. an approver or a warehouse user).
        self.sudo()._message_log(
            body=Markup("%s<ul>%s</ul>")
            % (
                self.env._("Put on credit hold:"),
                Markup().join(
                    Markup("<li>%s</li>") % r["message"] for r in verdict["reasons"]
                ),
            )
        )
        if not self._get_credit_activities():
            for controller in self._get_credit_controllers():
                # sudo: the activity is assigned to a credit controller whatever the
                # rights of the salesperson on activities of other users.
                self.sudo().activity_schedule(
                    "sale_credit_guard.mail_activity_credit_hold",
                    summary=self.env._("Credit hold: review %s", self.name),
                    note=reason,
                    user_id=controller.id,
                )

    @api.model
    def _check_credit_fields_access(self, vals):
        """Hold and release fields are written by the policy (sudo) or a credit controller."""
        if (
            any(f in vals for f in CREDIT_ORDER_FIELDS)
            and not self.env["res.partner"]._is_credit_controller()
        ):
            raise AccessError(
                self.env._(
                    "Only a credit controller can put orders on credit hold or release "
                    "them. Confirm the order: the credit policy decides."
                )
            )

    def _get_credit_activities(self):
        """Open credit hold activities of the orders."""
        activity_type = self.env.ref(
            "sale_credit_guard.mail_activity_credit_hold", raise_if_not_found=False
        )
        if not activity_type or not self:
            return self.env["mail.activity"]
        # sudo: the hold activities belong to credit controllers; the salesperson's or the
        # policy's own actions close them (they are not shown).
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def _get_credit_controllers(self):
        """Who reviews the holds of this order, one activity each: the company's
        designated credit controller (Settings); else every credit controller of the
        company, settings administrators left out (they are controllers through Billing
        Administrator, not by choice); else the salesperson, so that someone sees it.
        """
        self.ensure_one()
        company = self.company_id
        if company.credit_controller_id:
            return company.credit_controller_id
        group = self.env.ref("sale_credit_guard.group_credit_controller")
        # sudo: a salesperson may not search users by group; only the users to assign the
        # activity to are used.
        controllers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("groups_id", "not in", self.env.ref("base.group_system").ids),
                    ("company_ids", "in", company.ids),
                    ("share", "=", False),
                ],
                order="id",
            )
        )
        return controllers or self.user_id or self.env.user

    def _get_credit_hold_dialog_action(self, verdicts):
        """Dialog showing why orders were held: one line per verdict (see
        ``_credit_check``), with the numbers the hold was decided on."""
        wizard = self.env["sale.credit.hold.wizard"].create(
            {
                "order_ids": [Command.set([v["order"].id for v in verdicts])],
                "line_ids": [
                    Command.create(
                        {
                            "order_id": verdict["order"].id,
                            "currency_id": verdict["currency"].id,
                            "credit_limit": verdict["limit"],
                            "receivable": verdict["receivable"],
                            "invoices_draft": verdict["invoices_draft"],
                            "orders": verdict["orders"],
                            "exposure": verdict["exposure"],
                            "amount": verdict["amount"],
                            "exposure_after": verdict["exposure_after"],
                            "overdue_amount": verdict["overdue_amount"],
                            "overdue_days": verdict["overdue_days"],
                            "reason": "\n".join(
                                r["message"] for r in verdict["reasons"]
                            ),
                        }
                    )
                    for verdict in verdicts
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Hold"),
            "res_model": "sale.credit.hold.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _format_credit_amount(self, amount, currency):
        """``amount`` formatted with ``currency`` for messages."""
        return format_amount(self.env, amount, currency)
