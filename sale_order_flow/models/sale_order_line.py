# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import refuse_computed_fields


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === CONSTRAINTS ===

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

    # === PROCUREMENT ===

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
