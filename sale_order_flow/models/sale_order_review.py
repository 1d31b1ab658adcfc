# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date
from odoo.tools.misc import formatLang

SEVERITY_ORDER = {"warn": 1, "review": 2, "block": 3}


class SaleOrder(models.Model):
    """The automatic review of a sales order: one entry point, one small method per check.

    A file of ``sale.order`` of its own, by concern: ``_get_review_reasons()`` is the single
    place where an order is evaluated; each check is a ``_get_*_reasons`` method reading all
    lines in batch, so that the number of queries does not depend on the number of lines.
    """

    # One file per concern of sale.order (see STYLE.md), not one per model.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _get_review_reasons(self):
        """Evaluate the order and return the reasons that stop or hold its confirmation.

        Each reason is a dict ``{"code", "severity", "message", "line_id"}`` where severity is
        ``"block"`` (must be fixed before submission), ``"review"`` (needs approval) or
        ``"warn"`` (informational only). Override to add reasons (call super() first).

        Products are checked at the price the customer really pays: the discount lines of
        the order (:meth:`_get_review_discount_lines`) are spread over the product lines
        (:meth:`_get_order_discount_rate`) and are not checked as products themselves; when
        the company reviews prices, an order whose total is zero or less needs approval.

        The number of queries does not depend on the number of lines, and nothing needs
        saved records: the form calls it on the order being edited, before it is saved.
        """
        self.ensure_one()
        reasons = self._get_mandatory_data_reasons()
        lines = self._get_review_product_lines()
        company = self.company_id
        if lines and company.sale_check_price_tolerance:
            reasons += self._get_price_reasons(lines)
        if lines and company.sale_check_below_cost:
            reasons += self._get_cost_reasons(lines)
        if company.sale_check_price_tolerance or company.sale_check_below_cost:
            reasons += self._get_total_reasons()
        if lines and company.sale_stock_check != "none":
            reasons += self._get_stock_reasons(lines)
        return reasons

    def _get_review_discount_lines(self):
        """The lines that discount the order as a whole instead of selling a product.

        Every line with a negative untaxed subtotal: the company's discount product, the
        lines of Odoo's Discount button in its "global discount" and "fixed amount" modes,
        promotions, any product sold at a negative price or quantity. Not down payments
        (they are paid by the customer, not given to them) nor sections and notes. Override
        to change what counts as a discount.
        """
        self.ensure_one()
        currency = self.currency_id
        return self.order_line.filtered(
            lambda line: not line.display_type
            and not line.is_downpayment
            and currency.compare_amounts(line.price_subtotal, 0.0) < 0
        )

    def _get_review_product_lines(self):
        """The lines checked as products: the lines with a product, except down payments
        and the discount lines (:meth:`_get_review_discount_lines`)."""
        self.ensure_one()
        products = self.order_line.filtered(
            lambda line: not line.display_type
            and line.product_id
            and not line.is_downpayment
        )
        return products - self._get_review_discount_lines()

    def _get_order_discount_rate(self):
        """The fraction of the products' value that the order's discount lines take off.

        Discount lines discount the order, not one product, so they are spread over the
        product lines pro rata of their untaxed subtotal: the total of the discount lines
        divided by the total untaxed subtotal of the product lines (those with a positive
        subtotal), the same percentage off every product line. E.g. 60 x 100 with a 95 %
        discount line (-5,700): a rate of 0.95, a net price of 5 per unit. Above 1 when the
        discounts exceed the products (the order total is then below zero). 0.0 without
        discount lines or without product lines to bear them. Override to spread otherwise.
        """
        self.ensure_one()
        discounts = self._get_review_discount_lines()
        if not discounts:
            return 0.0
        base = sum(
            subtotal
            for subtotal in self._get_review_product_lines().mapped("price_subtotal")
            if subtotal > 0
        )
        if self.currency_id.compare_amounts(base, 0.0) <= 0:
            return 0.0
        return -sum(discounts.mapped("price_subtotal")) / base

    def _get_mandatory_data_reasons(self):
        """Blocking reasons for the data the order type makes mandatory."""
        self.ensure_one()
        order_type = self.order_type_id
        if not order_type:
            return []
        reasons = []
        required = [
            (
                order_type.require_client_order_ref and not self.client_order_ref,
                "missing_client_order_ref",
                _("Enter the customer reference."),
            ),
            (
                order_type.require_commitment_date and not self.commitment_date,
                "missing_commitment_date",
                _("Enter the delivery date."),
            ),
            (
                order_type.require_specification and not self.specification,
                "missing_specification",
                _("Describe the customer's specification."),
            ),
            (
                order_type.require_delivery_address
                and not (
                    self.partner_shipping_id.country_id and self.partner_shipping_id.zip
                ),
                "incomplete_delivery_address",
                _("Complete the delivery address with a country and a ZIP code."),
            ),
        ]
        for missing, code, message in required:
            if missing:
                reasons.append(
                    self._make_review_reason(
                        code,
                        "block",
                        _(
                            "%(type)s orders need more data: %(what)s",
                            type=order_type.name,
                            what=message,
                        ),
                    )
                )
        if order_type.service_only:
            for line in self.order_line:
                if line.product_id and line.product_id.type != "service":
                    reasons.append(
                        self._make_review_reason(
                            "not_a_service",
                            "block",
                            _(
                                "%(product)s is not a service: %(type)s orders sell "
                                "services only. Remove the line or change the order type.",
                                product=line.product_id.display_name,
                                type=order_type.name,
                            ),
                            line,
                        )
                    )
        route = order_type.route_id
        if route and not route.active:
            reasons.append(
                self._make_review_reason(
                    "archived_route",
                    "block",
                    _(
                        "The route %(route)s of the order type %(type)s is archived. "
                        "Ask an administrator to unarchive it (Inventory > Configuration "
                        "> Routes) or to change the order type.",
                        route=route.name,
                        type=order_type.name,
                    ),
                )
            )
        return reasons

    def _get_price_reasons(self, lines):
        """Review reasons for lines sold below the pricelist price beyond the tolerance.

        The net price of a line is its unit price after its own discount and after its share
        of the order's discount lines (:meth:`_get_order_discount_rate`). The pricelist rules
        are fetched once for all the products, then each line takes the rule Odoo would
        apply to it.
        """
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        tolerance = company.sale_price_tolerance or 0.0
        date = self.date_order or fields.Datetime.now()
        products = lines.product_id
        rules = (
            self.pricelist_id._get_applicable_rules(products, date)
            if self.pricelist_id
            else self.env["product.pricelist.item"]
        )
        no_rule = self.env["product.pricelist.item"]
        order_discount = self._get_order_discount_rate()
        reasons = []
        for line in lines:
            product = line.product_id
            quantity = line.product_uom_qty or 1.0
            qty_in_product_uom = line.product_uom._compute_quantity(
                quantity, product.uom_id, raise_if_failure=False
            )
            rule = next(
                (r for r in rules if r._is_applicable_for(product, qty_in_product_uom)),
                no_rule,
            )
            pricelist_price = rule._compute_price(
                product.with_context(**line._get_product_price_context()),
                quantity,
                line.product_uom,
                date=date,
                currency=currency,
            )
            # Compare like with like: price_unit includes the taxes that are included in
            # the price, as Odoo computes it from the pricelist.
            reference = product._get_tax_included_unit_price_from_price(
                pricelist_price,
                product_taxes=product.taxes_id.filtered(
                    lambda tax: tax.company_id == company
                ),
                fiscal_position=self.fiscal_position_id,
            )
            if reference <= 0:
                continue
            net_price = (
                line.price_unit
                * (1.0 - (line.discount or 0.0) / 100.0)
                * (1.0 - order_discount)
            )
            floor = reference * (1.0 - tolerance / 100.0)
            if currency.compare_amounts(net_price, floor) >= 0:
                continue
            values = {
                "product": product.display_name,
                "price": self._format_amount(net_price),
                "gap": (1.0 - net_price / reference) * 100.0,
                "reference": self._format_amount(reference),
                "tolerance": tolerance,
                "order_discount": order_discount * 100.0,
            }
            message = (
                _(
                    "%(product)s: net price %(price)s, after its share of the order's "
                    "discount lines (%(order_discount).1f%% off the products), is "
                    "%(gap).1f%% below the pricelist price %(reference)s (tolerance "
                    "%(tolerance).1f%%).",
                    **values,
                )
                if order_discount
                else _(
                    "%(product)s: net price %(price)s is %(gap).1f%% below the "
                    "pricelist price %(reference)s (tolerance %(tolerance).1f%%).",
                    **values,
                )
            )
            reasons.append(
                self._make_review_reason(
                    "price_below_tolerance", "review", message, line
                )
            )
        return reasons

    def _get_cost_reasons(self, lines):
        """Review reasons for lines whose net unit price (untaxed) is below product cost.

        The net unit price is the line's untaxed subtotal per unit after its share of the
        order's discount lines (:meth:`_get_order_discount_rate`).
        """
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        # One read of the company-dependent cost for all products.
        costs = {
            product.id: product.standard_price
            for product in lines.product_id.with_company(company)
        }
        # currency_rate converts the company currency (costs) into the order currency.
        rate = self.currency_rate or 1.0
        order_discount = self._get_order_discount_rate()
        reasons = []
        for line in lines:
            if not line.product_uom_qty:
                continue
            product = line.product_id
            cost = (
                product.uom_id._compute_price(costs[product.id], line.product_uom)
                * rate
            )
            net_price = (
                line.price_subtotal / line.product_uom_qty * (1.0 - order_discount)
            )
            if cost <= 0 or currency.compare_amounts(net_price, cost) >= 0:
                continue
            values = {
                "product": product.display_name,
                "price": self._format_amount(net_price),
                "cost": self._format_amount(cost),
                "order_discount": order_discount * 100.0,
            }
            message = (
                _(
                    "%(product)s: sold at %(price)s, after its share of the order's "
                    "discount lines (%(order_discount).1f%% off the products), below its "
                    "cost %(cost)s.",
                    **values,
                )
                if order_discount
                else _(
                    "%(product)s: sold at %(price)s, below its cost %(cost)s.", **values
                )
            )
            reasons.append(
                self._make_review_reason("price_below_cost", "review", message, line)
            )
        return reasons

    def _get_total_reasons(self):
        """A review reason when an order with lines totals zero or less.

        No unit price tells the whole story then (the discounts may exceed the products, or
        everything is given away): someone must approve. Only evaluated when the company
        reviews prices, so that without price checks free orders confirm as in Odoo.
        """
        self.ensure_one()
        if not any(
            not line.display_type and not line.is_downpayment
            for line in self.order_line
        ):
            return []
        if self.currency_id.compare_amounts(self.amount_total, 0.0) > 0:
            return []
        return [
            self._make_review_reason(
                "total_not_positive",
                "review",
                _(
                    "The order total is %(total)s: an order that is free or that pays the "
                    "customer needs approval.",
                    total=self._format_amount(self.amount_total),
                ),
            )
        ]

    def _get_stock_reasons(self, lines):
        """Reasons for storable products whose forecast on the delivery date is too low.

        Severity follows the company setting (warn / review / block). Orders whose type
        replenishes on order (a route on the type) are not checked: the stock will be made.
        The shortages come from :meth:`_get_stock_shortages`, one per product and date.
        """
        self.ensure_one()
        severity = self.company_id.sale_stock_check
        return [
            self._make_review_reason(
                "stock_shortage",
                severity,
                _(
                    "%(product)s: %(quantity)s %(uom)s ordered, forecast %(available)s"
                    " %(uom)s on %(date)s in %(warehouse)s.",
                    product=shortage["product"].display_name,
                    quantity=shortage["quantity"],
                    available=shortage["available"],
                    uom=shortage["product"].uom_id.name,
                    date=format_date(self.env, shortage["date"]),
                    warehouse=self.warehouse_id.name or "-",
                ),
            )
            for shortage in self._get_stock_shortages(lines)
        ]

    def _get_stock_check_date(self):
        """The date the stock must be there: the delivery date, else the expected date."""
        self.ensure_one()
        return self.commitment_date or self.expected_date or fields.Datetime.now()

    def _get_stock_shortages(self, lines=None):
        """The storable products of the order whose forecast does not cover what is due by
        a date, one dict per product and date: ``product``; ``date``; ``quantity`` due
        by that date and ``available`` (forecast in the order's warehouse on that date),
        both in the product's unit; ``incoming``, the receipts expected by then;
        ``lines``, the order lines of the product due by then.

        Each line is due on its own delivery date, else on the order's
        (``sale.order.line._get_stock_check_date``). A product is checked on each date one
        of its lines is due, against everything due by then: the forecast on that date
        does not count the order's own earlier deliveries.

        Only the lines without a route, of orders whose type has no route (those are
        replenished on order). ``lines`` defaults to the product lines of the review. The
        forecast is computed in one batch per distinct date (one for an order without
        line dates).
        """
        self.ensure_one()
        if self.order_type_id.route_id:
            return []
        if lines is None:
            lines = self._get_review_product_lines()
        lines = lines.filtered(
            lambda line: line.product_id.is_storable and not line.route_id
        )
        if not lines:
            return []
        due = {line: line._get_stock_check_date() for line in lines}
        needed = {}  # {(product, date): quantity due on that date}
        for line in lines:
            product = line.product_id
            key = (product, due[line])
            needed[key] = needed.get(key, 0.0) + line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id, raise_if_failure=False
            )
        shortages = []
        for date in sorted(set(due.values())):
            products = lines.product_id.filtered(
                lambda product, date=date: (product, date) in needed
            ).with_context(to_date=date, warehouse_id=self.warehouse_id.id)
            # The forecast must be fresh: stock may have moved since it was last computed
            # in this transaction (e.g. between submission and the last approval).
            products.invalidate_recordset(["virtual_available", "incoming_qty"])
            for product in products:
                quantity = sum(
                    needed_qty
                    for (needed_product, needed_date), needed_qty in needed.items()
                    if needed_product == product and needed_date <= date
                )
                available = product.virtual_available
                if (
                    float_compare(
                        quantity, available, precision_rounding=product.uom_id.rounding
                    )
                    > 0
                ):
                    shortages.append(
                        {
                            "product": product.with_env(self.env),
                            "date": date,
                            "quantity": quantity,
                            "available": available,
                            "incoming": product.incoming_qty,
                            "lines": lines.filtered(
                                lambda line, product=product, date=date: (
                                    line.product_id == product and due[line] <= date
                                )
                            ),
                        }
                    )
        return shortages

    @api.model
    def _make_review_reason(self, code, severity, message, line=None):
        """Build one review reason in the structure of :meth:`_get_review_reasons`.

        ``line_id`` is the id of the saved line (False for a line not saved yet, so that
        the reasons of an order being edited in the form stay plain data).
        """
        return {
            "code": code,
            "severity": severity,
            "message": message,
            "line_id": (line._origin.id or False) if line else False,
        }

    def _get_export_reasons(self):
        """Review reasons as text for exports: live while the order is open, else those
        found at its last submission."""
        self.ensure_one()
        if self.state in ("draft", "sent", "to_approve"):
            return "\n".join(r["message"] for r in self._get_review_reasons())
        return self.review_summary or ""

    @api.model
    def _format_reasons_html(self, reasons):
        """Reasons as an HTML list, blocking first."""
        labels = {
            "block": _("Blocking"),
            "review": _("Needs approval"),
            "warn": _("Warning"),
        }
        items = Markup("").join(
            Markup("<li><b>%s:</b> %s</li>")
            % (labels.get(r["severity"], r["severity"]), r["message"])
            for r in sorted(
                reasons, key=lambda r: -SEVERITY_ORDER.get(r["severity"], 0)
            )
        )
        return Markup("<ul>%s</ul>") % items

    def _format_amount(self, amount):
        """``amount`` in the order currency, formatted for messages."""
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _raise_if_blocking(self, reasons):
        """Raise one UserError listing every blocking reason of the order."""
        blocking = [r["message"] for r in reasons if r["severity"] == "block"]
        if blocking:
            raise UserError(
                _(
                    "Order %(order)s cannot be confirmed yet. Fix the following and try "
                    "again:\n%(reasons)s",
                    order=self.name,
                    reasons="\n".join(f"- {message}" for message in blocking),
                )
            )
