# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from ..tools import refuse_computed_fields


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    # Copied with the order (Odoo's default): the date is part of what was agreed for the
    # line, like its quantity and price. A duplicated order, or the new quotation of the
    # rest of a shortage, keeps its lines split by date instead of silently merging what
    # the customer takes later into the first delivery; the order's own delivery date is
    # not copied, so the constraint below never refuses a copy.
    delivery_date = fields.Datetime(
        string="Delivery Date",
        help="Deliver this line on its own date, later than the order's: it is checked "
        "against the stock forecast on that date and shipped in a transfer of its own, "
        "a backorder of the order's delivery. Empty: delivered with the order.",
    )

    # === CONSTRAINTS ===

    @api.constrains("delivery_date", "order_id")
    def _check_delivery_date(self):
        # A line cannot be promised before its order: the order's delivery date is what the
        # customer was told for everything, a line's date only postpones part of it.
        # Also called when the order's delivery date changes (sale_order_delivery.py).
        for line in self:
            order = line.order_id
            if (
                line.delivery_date
                and order.commitment_date
                and line.delivery_date < order.commitment_date
            ):
                raise ValidationError(
                    _(
                        "%(product)s is to be delivered on %(date)s, before the delivery "
                        "date of order %(order)s (%(order_date)s). Choose a date on or "
                        "after the order's delivery date, or clear the line's date to "
                        "deliver it with the order.",
                        product=line.product_id.display_name or line.name,
                        date=format_datetime(self.env, line.delivery_date),
                        order=order.name,
                        order_date=format_datetime(self.env, order.commitment_date),
                    )
                )

    @api.constrains("is_downpayment", "product_uom_qty")
    def _check_downpayment_quantity(self):
        # Down payment lines are created by Odoo with no ordered quantity: they only carry
        # what was invoiced in advance. With a quantity, a line would escape the review and
        # the credit exposure, which leave down payments out.
        for line in self:
            if line.is_downpayment and line.product_uom_qty:
                raise ValidationError(
                    _(
                        "%(line)s is a down payment: it cannot have an ordered quantity.",
                        line=line.name,
                    )
                )

    # === CRUD ===

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_computed_fields(vals)
            self._check_invoice_lines_vals(vals)
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        frozen = orders._get_frozen_orders()
        if frozen:
            for vals in vals_list:
                order = frozen.filtered(
                    lambda o, vals=vals: o.id == vals.get("order_id")
                )
                if order and not self._is_downpayment_vals(vals):
                    order._raise_frozen([_("its lines")])
        growth = orders._get_growth_snapshot()
        res = super().create(vals_list)
        # Lines without quantity (down payments, what was delivered or spent beyond the
        # order) add nothing to review.
        added = any(
            vals.get("product_uom_qty", 1) and not self._is_downpayment_vals(vals)
            for vals in vals_list
        )
        orders._check_growth(growth, repriced=added)
        return res

    def write(self, vals):
        self._refuse_computed_fields(vals)
        self._check_invoice_lines_vals(vals)
        if "is_downpayment" in vals and not self.env.su:
            raise UserError(_("Whether a line is a down payment cannot change."))
        orders = self.order_id
        repriced = not set(vals).isdisjoint(self._get_repricing_fields())
        if vals.get("order_id"):
            target = self.env["sale.order"].browse(vals["order_id"])
            if target._get_frozen_orders() and self.order_id != target:
                target._raise_frozen([_("its lines")])
            # Lines moved into an order are added to it.
            orders |= target
            repriced = repriced or self.order_id != target
        lines = self.filtered(lambda line: line.order_id._get_frozen_orders())
        snapshot = lines._get_frozen_snapshot()
        growth = orders._get_growth_snapshot()
        res = super().write(vals)
        lines._check_frozen_snapshot(snapshot)
        orders._check_growth(growth, repriced=repriced)
        if "delivery_date" in vals:
            self._propagate_delivery_date()
        return res

    @api.model
    def _check_invoice_lines_vals(self, vals):
        """Refuse to link order lines of controlled orders to invoice lines by hand:
        invoicing links them (from the invoice side). A line linked to another order's
        posted invoice would look invoiced, leave the credit exposure and change what is
        left to invoice. Where no control applies, as in stock Odoo (whose tests link them
        by hand)."""
        if "invoice_lines" in vals and self._has_sale_controls(vals):
            raise AccessError(
                _(
                    "Order lines are linked to invoice lines by invoicing only: create "
                    "the invoice from the order."
                )
            )

    def _refuse_computed_fields(self, vals):
        """Refuse ``vals`` setting computed figures of lines of controlled orders (see
        ``sale.order._refuse_computed_fields``)."""
        if vals and self._has_sale_controls(vals):
            refuse_computed_fields(self, vals)

    def _has_sale_controls(self, vals):
        """Whether a user (not the superuser) writing ``vals`` on these lines (creating:
        on the order of ``vals``) touches an order a control applies to (see
        ``sale.order._has_sale_controls``)."""
        if self.env.su:
            return False
        orders = self.order_id or self.env["sale.order"].browse(vals.get("order_id"))
        return any(order._has_sale_controls() for order in orders)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        for line in self:
            if line.order_id._get_frozen_orders() and not line.is_downpayment:
                line.order_id._raise_frozen([_("its lines")])

    # === FROZEN CONTENT ===

    @api.model
    def _get_frozen_fields(self):
        """Names of the line fields that an approval decision protects (see
        ``sale.order._get_frozen_fields``, which also freezes adding and removing lines).
        Override to protect more fields."""
        return [
            "product_id",
            "product_template_id",
            "product_uom_qty",
            "product_uom",
            "product_packaging_id",
            "product_packaging_qty",
            "price_unit",
            "discount",
            "tax_id",
            "order_id",
            "display_type",
            "delivery_date",
        ]

    @api.model
    def _get_repricing_fields(self):
        """Names of the line fields whose change on a confirmed order has the order
        reviewed again, whatever its amount does (see ``sale.order._check_growth``)."""
        return ["product_id", "product_template_id", "price_unit", "discount", "tax_id"]

    @api.model
    def _is_downpayment_vals(self, vals):
        """Whether ``vals`` create a down payment line as Odoo's invoicing wizard does (no
        ordered quantity): the only lines added to an order once it is approved."""
        return bool(vals.get("is_downpayment")) and not vals.get("product_uom_qty")

    def _get_frozen_snapshot(self):
        """``{line id: {field: value}}`` of the frozen fields of the lines (down payments
        left out: invoicing adds and changes them)."""
        fnames = self._get_frozen_fields()
        return {
            line.id: {fname: line[fname] for fname in fnames}
            for line in self.filtered(lambda line: not line.is_downpayment)
        }

    def _check_frozen_snapshot(self, snapshot):
        """Raise if a line of ``snapshot`` was removed or one of its frozen fields differs."""
        for line_id, values in snapshot.items():
            line = self.browse(line_id)
            if not line.exists():
                continue  # an unlink is refused by _unlink_except_frozen
            changed = [f for f, value in values.items() if line[f] != value]
            if changed:
                line.order_id._raise_frozen(
                    [line._fields[f]._description_string(self.env) for f in changed]
                )

    # === COMPUTE ===

    @api.depends("delivery_date")
    def _compute_qty_at_date(self):
        # sale_stock forecasts the lines of a quotation on the order's delivery date. A
        # line with a later date of its own is forecast on that date instead, less what the
        # order's lines of the same product due before it take (as the stock check counts
        # them), so the forecast widget agrees with the review. One read per distinct
        # (warehouse, date); nothing more for orders without dated lines.
        res = super()._compute_qty_at_date()
        dated = self.filtered(
            lambda line: line.delivery_date
            and line.state in ("draft", "sent")
            and line.product_id
            and line.display_qty_widget
        )
        groups = defaultdict(lambda: self.browse())
        for line in dated:
            groups[line.warehouse_id.id, line.delivery_date] |= line
        for (warehouse_id, date), lines in groups.items():
            products = lines.product_id.with_context(
                to_date=date, warehouse_id=warehouse_id
            )
            forecast = {
                values["id"]: values
                for values in products.read(
                    ["qty_available", "free_qty", "virtual_available"]
                )
            }
            for line in lines:
                product = line.product_id
                key = (
                    line._get_stock_check_date(),
                    line.sequence,
                    line._origin.id or 0,
                )
                taken = sum(
                    other.product_uom._compute_quantity(
                        other.product_uom_qty, product.uom_id, raise_if_failure=False
                    )
                    for other in line.order_id.order_line
                    if other.product_id == product
                    and other != line
                    and (
                        other._get_stock_check_date(),
                        other.sequence,
                        other._origin.id or 0,
                    )
                    < key
                )
                to_line_uom = product.uom_id._compute_quantity
                values = forecast[product.id]
                line.scheduled_date = date
                line.forecast_expected_date = False
                line.qty_available_today = to_line_uom(
                    values["qty_available"] - taken,
                    line.product_uom,
                    raise_if_failure=False,
                )
                line.free_qty_today = to_line_uom(
                    values["free_qty"] - taken, line.product_uom, raise_if_failure=False
                )
                line.virtual_available_at_date = to_line_uom(
                    values["virtual_available"] - taken,
                    line.product_uom,
                    raise_if_failure=False,
                )
        return res

    # === PROCUREMENT ===

    def _get_stock_check_date(self):
        """The date the stock must be there for this line: its own delivery date, else the
        order's (``sale.order._get_stock_check_date``)."""
        self.ensure_one()
        return self.delivery_date or self.order_id._get_stock_check_date()

    def _get_later_delivery_date(self):
        """The line's own delivery date when it is later than the order's
        (``sale.order._get_stock_check_date``: the delivery date, else the expected date),
        else False: the lines that get a transfer of their own (see
        ``stock.picking._split_by_delivery_date``). A line due with the order ships with
        it."""
        self.ensure_one()
        if self.delivery_date and (
            self.delivery_date > self.order_id._get_stock_check_date()
        ):
            return self.delivery_date
        return False

    def _prepare_procurement_values(self, group_id=False):
        # A line with its own date is procured for that date, the way sale_stock does for
        # the order's delivery date: the deadline is the date promised, the planned date
        # leaves the company's security lead time before it.
        values = super()._prepare_procurement_values(group_id=group_id)
        if self.delivery_date:
            values["date_deadline"] = self.delivery_date
            values["date_planned"] = self.delivery_date - timedelta(
                days=self.order_id.company_id.security_lead
            )
        return values

    def _propagate_delivery_date(self):
        """Give the open moves of the confirmed lines of ``self`` the line's delivery date
        (else the order's) as deadline, as sale_stock does when the order's delivery date
        changes. The moves keep their transfer: a date changed after confirmation does not
        split deliveries again."""
        Move = self.env["stock.move"]
        moves_by_date = {}
        for line in self.filtered(lambda line: line.state == "sale"):
            order = line.order_id
            date = line.delivery_date or order.commitment_date or order.expected_date
            moves = line.move_ids.filtered(
                lambda move: move.state not in ("done", "cancel")
            )
            moves_by_date[date] = moves_by_date.get(date, Move) | moves
        for date, moves in moves_by_date.items():
            moves.date_deadline = date

    def _filter_replenishable_on_order(self):
        """The lines of ``self`` whose product can be replenished on order in their
        warehouse: a stock rule supplies the warehouse's stock (Manufacture, Buy, a
        receipt, a resupply from another warehouse) and can run for the product
        (``stock.rule._can_replenish_on_order``). A make-to-order line of another product
        would stop the confirmation with Odoo's procurement error; it is delivered from
        stock instead. One rule search per product and warehouse.
        """
        ProcurementGroup = self.env["procurement.group"]
        verdicts = {}
        for line in self:
            key = (line.product_id, line.warehouse_id, line.company_id)
            if key not in verdicts:
                product, warehouse, company = key
                values = {"warehouse_id": warehouse, "company_id": company}
                rule = ProcurementGroup._get_rule(
                    product, warehouse.lot_stock_id, values
                )
                verdicts[key] = bool(rule) and rule._can_replenish_on_order(
                    product, values
                )
        return self.filtered(
            lambda line: verdicts[(line.product_id, line.warehouse_id, line.company_id)]
        )
