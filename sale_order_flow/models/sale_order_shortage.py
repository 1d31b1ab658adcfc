# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import Command, _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, format_datetime

SHORTAGE_CHOICES = [
    ("keep", "Keep"),
    ("reduce", "Reduce to what is available"),
    ("quotation", "Move the rest to a new quotation"),
    ("later", "Deliver the rest later"),
    ("replenish", "Replenish on order"),
]


class SaleOrder(models.Model):
    """What the salesperson does about the products the stock check finds short: reduce
    them, move the rest to a new quotation, deliver the rest later (a line of its own, on
    its own date, shipped as a backorder) or replenish them on order.

    The wizard (``sale.order.shortage.wizard``) only collects the choices; every rule is
    here: the shortages are computed again when the choices are applied, only quotations
    that may be edited change, and the lines change through their ordinary guards.
    """

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS ===

    has_stock_shortage = fields.Boolean(
        compute="_compute_has_stock_shortage",
        help="The stock check finds products short on the delivery date: Solve Shortage "
        "offers what to do about them.",
    )

    # === COMPUTE ===

    def _compute_has_stock_shortage(self):
        for order in self:
            record = order._origin
            order.has_stock_shortage = bool(
                record and record._can_solve_shortage() and record._get_line_shortages()
            )

    # === ACTIONS ===

    def action_open_shortage_wizard(self):
        """Open the list of short products with a choice per line."""
        self.ensure_one()
        self.check_access("write")
        self._check_can_solve_shortage()
        shortages = self._get_line_shortages()
        if not shortages:
            raise UserError(
                _("Order %(order)s has no product short on its date.", order=self.name)
            )
        receipts = self._get_next_receipt_dates(shortages)
        wizard = self.env["sale.order.shortage.wizard"].create(
            {
                "order_id": self.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": shortage["line"].id,
                            "date": shortage["date"],
                            "ordered_qty": shortage["ordered"],
                            "available_qty": shortage["available"],
                            "incoming_qty": shortage["incoming"],
                            "short_qty": shortage["short"],
                            "later_date": receipts.get(shortage["line"].id, False),
                        }
                    )
                    for shortage in shortages
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Solve Shortage"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # === BUSINESS ===

    def _can_solve_shortage(self):
        """Whether the shortage actions apply to this order: a quotation not waiting for
        approval, of a company that checks stock."""
        self.ensure_one()
        return (
            self.state in ("draft", "sent")
            and not self.approval_frozen
            and self.company_id.sale_stock_check != "none"
        )

    def _check_can_solve_shortage(self):
        self.ensure_one()
        if not self._can_solve_shortage():
            raise UserError(
                _(
                    "The shortage of order %(order)s can only be solved while it is a "
                    "quotation (withdraw it first if it waits for approval) and when the "
                    "company checks stock.",
                    order=self.name,
                )
            )

    def _get_line_shortages(self):
        """The short quantity of each line, from the stock check's shortages
        (``_get_stock_shortages``, one per product and date): the forecast of a product on
        a date covers the lines due by then in order (date, then sequence), the rest of
        each line is short; a line is reported in the shortage of its own date only. One
        dict per short line: ``line``; ``date``, the date it is due; ``ordered``,
        ``available`` (for this line), ``short`` in the line's unit; ``incoming``, the
        product's receipts expected by that date (product unit)."""
        self.ensure_one()
        result = []
        for shortage in self._get_stock_shortages():
            product = shortage["product"]
            left = max(shortage["available"], 0.0)
            lines = shortage["lines"].sorted(
                lambda line: (line._get_stock_check_date(), line.sequence, line.id)
            )
            for line in lines:
                ordered = line.product_uom._compute_quantity(
                    line.product_uom_qty, product.uom_id, raise_if_failure=False
                )
                covered = min(ordered, left)
                left -= covered
                short = ordered - covered
                if line._get_stock_check_date() != shortage["date"] or float_is_zero(
                    short, precision_rounding=product.uom_id.rounding
                ):
                    continue
                to_line_uom = product.uom_id._compute_quantity
                result.append(
                    {
                        "line": line,
                        "date": shortage["date"],
                        "ordered": line.product_uom_qty,
                        "available": to_line_uom(
                            covered, line.product_uom, raise_if_failure=False
                        ),
                        "short": to_line_uom(
                            short, line.product_uom, raise_if_failure=False
                        ),
                        "incoming": shortage["incoming"],
                    }
                )
        return result

    def _get_next_receipt_dates(self, shortages):
        """``{line id: date}``: for each short line of ``shortages`` (see
        :meth:`_get_line_shortages`), the date of the first receipt of its product expected
        in the order's warehouse after the date the line is due, the date offered to
        deliver the rest later. Lines with no receipt expected then are left out.

        One query for all the lines: the expected dates of the incoming moves by product,
        on the same locations as the forecast (``product.product._get_domain_locations``).
        """
        self.ensure_one()
        if not shortages:
            return {}
        products = self.env["product.product"].concat(
            *(shortage["line"].product_id for shortage in shortages)
        )
        products = products.with_context(warehouse_id=self.warehouse_id.id)
        domain_move_in = products._get_domain_locations()[1]
        groups = self.env["stock.move"]._read_group(
            [
                ("product_id", "in", products.ids),
                (
                    "state",
                    "in",
                    ("waiting", "confirmed", "assigned", "partially_available"),
                ),
                ("date", ">", min(shortage["date"] for shortage in shortages)),
                *domain_move_in,
            ],
            ["product_id"],
            ["date:array_agg"],
        )
        receipts = {product.id: sorted(dates) for product, dates in groups}
        result = {}
        for shortage in shortages:
            line = shortage["line"]
            later = [
                date
                for date in receipts.get(line.product_id.id, [])
                if date > shortage["date"]
            ]
            if later:
                result[line.id] = later[0]
        return result

    def _apply_shortage_choices(self, choices, dates=None):
        """Apply ``choices`` (``{sale.order.line id: choice}``, see SHORTAGE_CHOICES) to
        the short lines of this order, log them in the chatter and return the new
        quotation when one was made. ``dates`` (``{sale.order.line id: datetime}``) gives
        the date of each "later" choice: it must come after the date the line is short
        on.

        The shortages are computed again now: the quantities shown in the wizard may be
        stale. Lines that are no longer short are left as they are. Every choice is
        checked before anything changes.
        """
        self.ensure_one()
        # Solving a shortage edits the order: only for users who may edit it.
        self.check_access("write")
        self._check_can_solve_shortage()
        valid = {key for key, _label in SHORTAGE_CHOICES}
        if set(choices.values()) - valid:
            raise UserError(_("Unknown shortage choice."))
        dates = {
            line_id: fields.Datetime.to_datetime(date)
            for line_id, date in (dates or {}).items()
        }
        shortages = self._get_line_shortages()
        self._check_later_dates(shortages, choices, dates)
        done = []
        to_quote = []
        to_split = []
        for shortage in shortages:
            line = shortage["line"]
            choice = choices.get(line.id, "keep")
            if choice == "keep":
                continue
            if choice == "replenish":
                self._replenish_line_on_order(line)
            elif choice == "later" and float_is_zero(
                shortage["available"], precision_rounding=line.product_uom.rounding
            ):
                # Nothing to deliver on the first date: the whole line moves.
                line.delivery_date = dates[line.id]
            else:
                if choice == "later":
                    # Taken before the quantity changes: same price, discount and taxes.
                    to_split.append((line, shortage["short"], dates[line.id]))
                line.product_uom_qty = shortage["available"]
                if choice == "quotation":
                    to_quote.append((line, shortage["short"]))
            done.append((line, choice, shortage, dates.get(line.id)))
        if to_split:
            self._split_later_lines(to_split)
        quotation = self._create_shortage_quotation(to_quote) if to_quote else None
        if done:
            self._log_shortage_choices(done, quotation)
        return quotation

    def _check_later_dates(self, shortages, choices, dates):
        """Refuse a "later" choice of ``choices`` without a date in ``dates`` or with a
        date not after the date its line is short on (see :meth:`_apply_shortage_choices`)."""
        for shortage in shortages:
            line = shortage["line"]
            if choices.get(line.id) != "later":
                continue
            date = dates.get(line.id)
            if not date:
                raise UserError(
                    _(
                        "%(product)s: give the date to deliver the rest on.",
                        product=line.product_id.display_name,
                    )
                )
            if date <= shortage["date"]:
                raise UserError(
                    _(
                        "%(product)s is short on %(date)s: choose a later date to "
                        "deliver the rest on (the next expected receipt is offered "
                        "when there is one).",
                        product=line.product_id.display_name,
                        date=format_datetime(self.env, shortage["date"]),
                    )
                )

    def _split_later_lines(self, splits):
        """For each ``(line, quantity, date)`` of ``splits``, add a line of ``quantity``
        right after ``line``, a copy of it delivered on ``date``. ``splits`` are read
        before their lines were reduced: the copies keep the price the customer was
        offered."""
        self.ensure_one()
        Line = self.env["sale.order.line"]
        vals_list = [
            line.copy_data(
                {
                    "product_uom_qty": quantity,
                    "delivery_date": date,
                    "order_id": self.id,
                }
            )[0]
            for line, quantity, date in splits
        ]
        new_lines = Line.create(vals_list)
        after = dict(
            zip([line for line, _qty, _date in splits], new_lines, strict=True)
        )
        current = self.order_line.sorted(lambda line: (line.sequence, line.id))
        wanted = Line
        for line in current - new_lines:
            wanted |= line
            if line in after:
                wanted |= after[line]
        if list(current) != list(wanted):
            # The copy has its line's sequence: lines of the same sequence after it come
            # first. Number the lines again, as moving them by hand in the form does.
            for sequence, line in enumerate(wanted, start=10):
                if line.sequence != sequence:
                    line.sequence = sequence
        return new_lines

    def _replenish_line_on_order(self, line):
        """Send ``line`` through the warehouse's Replenish on Order route."""
        route = line.warehouse_id.mto_pull_id.route_id or self.env.ref(
            "stock.route_warehouse0_mto", raise_if_not_found=False
        )
        if not route or not route.active:
            raise UserError(
                _(
                    "%(product)s cannot be replenished on order: the Replenish on Order "
                    "route is archived. Ask an administrator to unarchive it (Inventory > "
                    "Configuration > Routes).",
                    product=line.product_id.display_name,
                )
            )
        if not line._filter_replenishable_on_order():
            raise UserError(
                _(
                    "%(product)s cannot be replenished on order: nothing makes or buys "
                    "it (give it a bill of materials and the Manufacture route, or a "
                    "vendor and the Buy route). Reduce the quantity or move the rest to "
                    "a new quotation instead.",
                    product=line.product_id.display_name,
                )
            )
        line.route_id = route

    def _create_shortage_quotation(self, lines_and_quantities):
        """A new quotation for the same customer with the short quantities."""
        self.ensure_one()
        quotation = self.copy(
            {
                "order_line": [
                    Command.create(
                        line.copy_data(
                            {"product_uom_qty": quantity, "order_id": False}
                        )[0]
                    )
                    for line, quantity in lines_and_quantities
                ],
                "origin": self.name,
            }
        )
        quotation._message_log(
            body=Markup(
                _("Quotation for what %(order)s could not deliver on its date.")
            )
            % {"order": self._get_html_link()}
        )
        return quotation

    def _log_shortage_choices(self, done, quotation):
        """One chatter note with each choice (``done``: ``(line, choice, shortage,
        date)``, the date of a "later" choice) and what the review finds now."""
        labels = dict(
            self.env["sale.order.shortage.wizard.line"]
            ._fields["choice"]
            ._description_selection(self.env)
        )
        items = Markup("").join(
            Markup("<li>%s: %s (%s %s %s)</li>")
            % (
                line.product_id.display_name,
                _(
                    "%(choice)s on %(date)s",
                    choice=labels[choice],
                    date=format_datetime(self.env, date),
                )
                if choice == "later"
                else labels[choice],
                shortage["short"],
                line.product_uom.name,
                _("short"),
            )
            for line, choice, shortage, date in done
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (_("Stock shortage solved:"), items)
        if quotation:
            body += Markup("<p>%s</p>") % (
                Markup(_("The rest is quoted in %(quotation)s."))
                % {"quotation": quotation._get_html_link()}
            )
        remaining = [
            r["message"]
            for r in self._get_review_reasons()
            if r["code"] == "stock_shortage"
        ]
        body += Markup("<p>%s</p>") % (
            _("Still short: %(reasons)s", reasons=" ".join(remaining))
            if remaining
            else _("The stock check finds no shortage any more.")
        )
        self._message_log(body=body)
