# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import contextlib

from odoo import Command
from odoo.tests import TransactionCase


class SaleOrderFlowCase(TransactionCase):
    """A company with a salesperson, an approver, a director and products to sell.

    Nothing is configured: like a fresh install, no check is on and no tier exists. Each test
    turns on what it needs.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.group_salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.group_approver = cls.env.ref("sale_order_flow.group_sale_approver")
        cls.group_manager = cls.env.ref("sales_team.group_sale_manager")
        cls.group_director = cls.env["res.groups"].create({"name": "Sales Director"})
        users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.salesperson = users.create(
            {
                "name": "Sam Salesperson",
                "login": "sof_salesperson",
                "email": "sam@example.com",
                "groups_id": [Command.set(cls.group_salesman.ids)],
            }
        )
        cls.approver = users.create(
            {
                "name": "Alice Approver",
                "login": "sof_approver",
                "email": "alice@example.com",
                "groups_id": [Command.set(cls.group_approver.ids)],
            }
        )
        cls.director = users.create(
            {
                "name": "Dana Director",
                "login": "sof_director",
                "email": "dana@example.com",
                "groups_id": [
                    Command.set((cls.group_approver | cls.group_director).ids)
                ],
            }
        )
        cls.sales_admin = users.create(
            {
                "name": "Max Manager",
                "login": "sof_manager",
                "email": "max@example.com",
                "groups_id": [Command.set(cls.group_manager.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Customer Ltd",
                "country_id": cls.env.ref("base.be").id,
                "zip": "1000",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Widget",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 60.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Installation",
                "type": "service",
                "list_price": 50.0,
                "standard_price": 20.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.type_standard = cls.env.ref("sale_order_flow.sale_order_type_standard")
        cls.type_stock = cls.env.ref("sale_order_flow.sale_order_type_stock")
        cls.type_custom = cls.env.ref("sale_order_flow.sale_order_type_custom")
        cls.type_service = cls.env.ref("sale_order_flow.sale_order_type_service")

    @classmethod
    def _create_order(cls, lines=None, user=None, **vals):
        """An order of the salesperson; ``lines`` is a list of (product, qty, price)."""
        if lines is None:
            lines = [(cls.product, 1.0, 100.0)]
        user = user or cls.salesperson
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                            }
                        )
                        for product, qty, price in lines
                    ],
                    **vals,
                }
            )
        )

    @classmethod
    def _create_tiers(cls):
        """Two tiers: approvers from 1,000, the director from 10,000."""
        tiers = cls.env["sale.approval.tier"].create(
            [
                {
                    "name": "Sales approval",
                    "sequence": 1,
                    "min_amount": 1000.0,
                    "group_id": cls.group_approver.id,
                },
                {
                    "name": "Director approval",
                    "sequence": 2,
                    "min_amount": 10000.0,
                    "group_id": cls.group_director.id,
                },
            ]
        )
        return tiers

    @classmethod
    def _confirm_through_approval(cls, order):
        """Confirm ``order`` (unless it already waits for approval) and approve every step
        as the approver (no tier exists unless the test made some: the Approver group
        approves)."""
        if order.state in ("draft", "sent"):
            order.action_confirm()
        while order.state == "to_approve":
            order.with_user(cls.approver).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        return order

    def _turn_every_check_on(self):
        """Price tolerance (10 %), below cost and stock (review) checks on."""
        self.company.write(
            {
                "sale_check_price_tolerance": True,
                "sale_price_tolerance": 10.0,
                "sale_check_below_cost": True,
                "sale_stock_check": "review",
            }
        )

    def _order_with_lines(self, count):
        """An order of ``count`` lines of distinct storable products, each sold at 70 on a
        pricelist of 95 (below the pricelist price, above cost, none in stock)."""
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Part {count}-{index}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 100.0,
                    "standard_price": 60.0,
                    "taxes_id": [Command.clear()],
                }
                for index in range(count)
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": f"Pricelist {count}",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 5,
                        }
                    )
                ],
            }
        )
        return self._create_order(
            lines=[(p, 1.0, 70.0) for p in products], pricelist_id=pricelist.id
        )

    def _set_stock(self, product, quantity):
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, quantity
        )

    @contextlib.contextmanager
    def assertRefused(self, exception, pattern):
        """``assertRaises`` (which rolls back what the refused call did, as a failed RPC
        request would) whose message must match ``pattern``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
