# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestShortage(SaleOrderFlowCase):
    """3 widgets in stock, 5 ordered: the salesperson solves the shortage at entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_stock_check = "warn"

    def setUp(self):
        super().setUp()
        self._set_stock(self.product, 3.0)
        self.order = self._create_order(lines=[(self.product, 5.0, 100.0)])

    def _solve(self, choice, order=None):
        order = (order or self.order).with_user(self.salesperson)
        action = order.action_open_shortage_wizard()
        wizard = self.env[action["res_model"]].with_user(self.salesperson)
        form = Form(wizard.browse(action["res_id"]))
        with form.line_ids.edit(0) as line:
            line.choice = choice
        return form.save().action_apply()

    def test_wizard_lists_the_short_line_with_its_quantities(self):
        self.assertTrue(self.order.has_stock_shortage)
        action = self.order.with_user(self.salesperson).action_open_shortage_wizard()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            [
                (line.product_id, line.ordered_qty, line.available_qty, line.short_qty)
                for line in wizard.line_ids
            ],
            [(self.product, 5.0, 3.0, 2.0)],
        )

    def test_reduce_to_what_is_available(self):
        self._solve("reduce")
        self.assertEqual(self.order.order_line.product_uom_qty, 3.0)
        self.assertFalse(self.order.has_stock_shortage)
        self.assertIn("Reduce to what is available", self.order.message_ids[0].body)
        self.assertIn("no shortage", self.order.message_ids[0].body)

    def test_move_the_rest_to_a_new_quotation(self):
        action = self._solve("quotation")
        quotation = self.env["sale.order"].browse(action["res_id"])
        self.assertNotEqual(quotation, self.order)
        self.assertEqual(self.order.order_line.product_uom_qty, 3.0)
        self.assertEqual(
            (quotation.state, quotation.partner_id, quotation.origin),
            ("draft", self.customer, self.order.name),
        )
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in quotation.order_line],
            [(self.product, 2.0)],
        )
        self.assertIn(quotation.name, self.order.message_ids[0].body)

    def test_replenish_on_order(self):
        vendor = self.env["res.partner"].create({"name": "Widget Maker"})
        self.product.seller_ids = [Command.create({"partner_id": vendor.id})]
        self._solve("replenish")
        line = self.order.order_line
        self.assertEqual(line.product_uom_qty, 5.0)
        self.assertEqual(line.route_id, self.warehouse.mto_pull_id.route_id)
        self.assertFalse(self.order.has_stock_shortage)
        self.assertIn("Replenish on order", self.order.message_ids[0].body)

    def test_keep_changes_nothing(self):
        messages = self.order.message_ids
        self._solve("keep")
        self.assertEqual(self.order.order_line.product_uom_qty, 5.0)
        self.assertEqual(self.order.message_ids, messages)

    def test_order_waiting_for_approval_cannot_be_changed_by_the_shortage_actions(self):
        self.company.sale_stock_check = "review"
        self.order.action_confirm()
        self.assertEqual(self.order.state, "to_approve")
        order = self.order.with_user(self.salesperson)
        self.assertFalse(order.has_stock_shortage)
        with self.assertRefused(UserError, "quotation"):
            order.action_open_shortage_wizard()
        line = self.order.order_line
        with self.assertRefused(UserError, "quotation"):
            order._apply_shortage_choices({line.id: "reduce"})
        self.assertEqual(line.product_uom_qty, 5.0)
        self.assertEqual(self.order.state, "to_approve")

    def test_no_action_without_stock_check(self):
        self.company.sale_stock_check = "none"
        self.assertFalse(self.order.has_stock_shortage)
        with self.assertRefused(UserError, "checks stock"):
            self.order.with_user(self.salesperson).action_open_shortage_wizard()

    def test_user_who_cannot_edit_the_order_cannot_solve_its_shortage(self):
        other = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Otto Other",
                    "login": "sof_other_salesperson",
                    "groups_id": [Command.set(self.group_salesman.ids)],
                }
            )
        )
        line = self.order.order_line
        for call in (
            lambda order: order.action_open_shortage_wizard(),
            lambda order: order._apply_shortage_choices({line.id: "reduce"}),
        ):
            with self.assertRaises(AccessError):
                call(self.order.with_user(other))
        self.assertEqual(line.product_uom_qty, 5.0)


@tagged("post_install", "-at_install")
class TestDeliverTheRestLater(SaleOrderFlowCase):
    """3 widgets in stock, 5 ordered for tomorrow, 10 expected in ten days: the salesperson
    delivers 3 tomorrow and the rest when the receipt is in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_stock_check = "warn"
        cls.now = fields.Datetime.now().replace(minute=0, second=0)
        cls.tomorrow = cls.now + timedelta(days=1)
        cls.in_ten_days = cls.now + timedelta(days=10)

    def setUp(self):
        super().setUp()
        self._set_stock(self.product, 3.0)
        self.order = self._create_order(
            lines=[(self.product, 5.0, 100.0), (self.service, 1.0, 50.0)],
            commitment_date=self.tomorrow,
        )
        self.line = self.order.order_line[0]

    def _expect_receipt(self, product, quantity, date):
        """A receipt of ``quantity`` ``product`` into the warehouse expected on ``date``."""
        suppliers = self.env.ref("stock.stock_location_suppliers")
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": suppliers.id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "scheduled_date": date,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": suppliers.id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.assertEqual(receipt.move_ids.date, date)
        return receipt

    # === THE DELIVERIES ===

    def test_later_delivery_is_planned_before_its_date_by_the_security_lead(self):
        self.company.security_lead = 2.0
        self.line.delivery_date = self.in_ten_days
        self.order.action_confirm()
        move = self.order.picking_ids.move_ids
        self.assertEqual(move.date_deadline, self.in_ten_days)
        self.assertEqual(move.date, self.in_ten_days - timedelta(days=2))

    def test_one_backorder_per_later_date(self):
        self._set_stock(self.product, 10.0)
        in_twenty_days = self.in_ten_days + timedelta(days=10)
        self.order.order_line = [
            Command.update(self.line.id, {"delivery_date": self.in_ten_days}),
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 1.0,
                    "delivery_date": in_twenty_days,
                }
            ),
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 2.0,
                    "delivery_date": self.in_ten_days,
                }
            ),
            Command.create({"product_id": self.product.id, "product_uom_qty": 4.0}),
        ]
        self.order.action_confirm()
        pickings = self.order.picking_ids.sorted("scheduled_date")
        self.assertEqual(
            [
                (p.scheduled_date, sorted(p.move_ids.mapped("product_uom_qty")))
                for p in pickings
            ],
            [
                (self.tomorrow, [4.0]),
                (self.in_ten_days, [2.0, 5.0]),
                (in_twenty_days, [1.0]),
            ],
        )
        self.assertEqual(pickings[1:].backorder_id, pickings[0])

    # === THE LINE'S DATE ===

    def test_delivery_date_cannot_change_while_the_order_waits_for_approval(self):
        line = self.line.with_user(self.salesperson)
        line.delivery_date = self.in_ten_days
        self.company.sale_stock_check = "review"
        self.order.action_confirm()
        self.assertEqual(self.order.state, "to_approve")
        with self.assertRefused(UserError, "waiting for approval"):
            line.delivery_date = self.in_ten_days + timedelta(days=1)
        with self.assertRefused(UserError, "waiting for approval"):
            line.delivery_date = False
        self.assertEqual(self.line.delivery_date, self.in_ten_days)

    def test_delivery_date_cannot_come_before_the_order_date(self):
        line = self.line.with_user(self.salesperson)
        with self.assertRefused(ValidationError, "before the delivery date"):
            line.delivery_date = self.now
        line.delivery_date = self.tomorrow
        with self.assertRefused(ValidationError, "before the delivery date"):
            self.order.with_user(self.salesperson).commitment_date = self.in_ten_days
        self.assertEqual(self.order.commitment_date, self.tomorrow)

    # === THE STOCK CHECK ===

    def test_line_due_later_is_checked_on_its_own_date(self):
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self.assertTrue(self.order._get_stock_shortages())
        self.line.product_uom_qty = 3.0
        self.order.order_line = [
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 2.0,
                    "delivery_date": self.in_ten_days,
                }
            )
        ]
        self.assertEqual(self.order._get_stock_shortages(), [])
        self.assertFalse(self.order.has_stock_shortage)

    def test_line_short_on_its_own_date_is_reported_on_that_date(self):
        self._set_stock(self.product, -2.0)  # 1 in stock
        self.line.product_uom_qty = 3.0
        self.order.order_line = [
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 2.0,
                    "delivery_date": self.in_ten_days,
                }
            )
        ]
        later = self.order.order_line.filtered("delivery_date")
        self.assertEqual(
            [
                (s["date"], s["quantity"], s["available"])
                for s in self.order._get_stock_shortages()
            ],
            [(self.tomorrow, 3.0, 1.0), (self.in_ten_days, 5.0, 1.0)],
        )
        self.assertEqual(
            [
                (s["line"], s["date"], s["available"], s["short"])
                for s in self.order._get_line_shortages()
            ],
            [(self.line, self.tomorrow, 1.0, 2.0), (later, self.in_ten_days, 0.0, 2.0)],
        )
        messages = [
            r["message"]
            for r in self.order._get_review_reasons()
            if r["code"] == "stock_shortage"
        ]
        self.assertIn(format_date(self.env, self.in_ten_days), messages[1])
