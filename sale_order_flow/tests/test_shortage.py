# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date, format_datetime

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

    def _open_wizard(self):
        action = self.order.with_user(self.salesperson).action_open_shortage_wizard()
        return (
            self.env[action["res_model"]]
            .with_user(self.salesperson)
            .browse(action["res_id"])
        )

    def _solve_later(self):
        """Choose "Deliver the rest later" in the wizard, on the date offered."""
        form = Form(self._open_wizard())
        with form.line_ids.edit(0) as line:
            line.choice = "later"
        return form.save().action_apply()

    def _lines(self):
        # Read again, in the lines' order (sequence).
        self.order.invalidate_recordset(["order_line"])
        return [
            (line.product_id, line.product_uom_qty, line.delivery_date)
            for line in self.order.order_line
        ]

    # === THE CHOICE ===

    def test_wizard_offers_the_next_expected_receipt_as_the_later_date(self):
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self._expect_receipt(self.product, 10.0, self.in_ten_days + timedelta(days=5))
        # Before the line's date: already in the forecast, not a later delivery.
        self._expect_receipt(self.product, 1.0, self.now - timedelta(hours=1))
        wizard = self._open_wizard()
        self.assertEqual(
            [
                (line.sale_line_id, line.date, line.later_date)
                for line in wizard.line_ids
            ],
            [(self.line, self.tomorrow, self.in_ten_days)],
        )

    def test_wizard_leaves_the_later_date_empty_without_receipt(self):
        other = self.product.create({"name": "Gadget", "is_storable": True})
        self._expect_receipt(other, 10.0, self.in_ten_days)
        wizard = self._open_wizard()
        self.assertEqual(wizard.line_ids.sale_line_id, self.line)
        self.assertFalse(wizard.line_ids.later_date)

    def test_deliver_the_rest_later_splits_the_line(self):
        tax = self.env["account.tax"].create({"name": "VAT 21", "amount": 21.0})
        self.line.write({"discount": 10.0, "tax_id": [Command.set(tax.ids)]})
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self._solve_later()
        self.assertEqual(
            self._lines(),
            [
                (self.product, 3.0, False),
                (self.product, 2.0, self.in_ten_days),
                (self.service, 1.0, False),
            ],
        )
        later = self.order.order_line[1]
        self.assertEqual(
            (later.price_unit, later.discount, later.tax_id), (100.0, 10.0, tax)
        )
        self.assertFalse(self.order.has_stock_shortage)
        note = self.order.message_ids[0].body
        self.assertIn("Deliver the rest later", note)
        self.assertIn(
            format_datetime(
                self.order.with_user(self.salesperson).env, self.in_ten_days
            ),
            note,
        )
        self.assertIn("no shortage", note)

    def test_nothing_available_moves_the_whole_line_later(self):
        self._set_stock(self.product, -3.0)
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self._solve_later()
        self.assertEqual(
            self._lines(),
            [(self.product, 5.0, self.in_ten_days), (self.service, 1.0, False)],
        )

    def test_deliver_later_needs_a_date_after_the_shortage(self):
        messages = self.order.message_ids
        order = self.order.with_user(self.salesperson)
        for dates, pattern in (
            ({}, "give the date"),
            ({self.line.id: self.tomorrow}, "choose a later date"),
            ({self.line.id: self.now}, "choose a later date"),
        ):
            with self.assertRefused(UserError, pattern):
                order._apply_shortage_choices({self.line.id: "later"}, dates=dates)
            self.assertEqual(
                self._lines(), [(self.product, 5.0, False), (self.service, 1.0, False)]
            )
            self.assertEqual(self.order.message_ids, messages)

    # === THE DELIVERIES ===

    def test_confirmed_order_ships_the_rest_in_a_backorder_on_its_date(self):
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self._solve_later()
        self.order.action_confirm()
        self.assertEqual(self.order.state, "sale")
        first = self.order.picking_ids.filtered(lambda p: not p.backorder_id)
        backorder = self.order.picking_ids - first
        self.assertEqual(len(first), 1)
        self.assertEqual(
            [(m.product_id, m.product_uom_qty) for m in first.move_ids],
            [(self.product, 3.0)],
        )
        self.assertEqual(
            (backorder.backorder_id, backorder.picking_type_id, backorder.move_type),
            (first, first.picking_type_id, first.move_type),
        )
        self.assertEqual(
            [(m.product_id, m.product_uom_qty) for m in backorder.move_ids],
            [(self.product, 2.0)],
        )
        self.assertEqual(backorder.scheduled_date, self.in_ten_days)
        self.assertEqual(backorder.move_ids.date_deadline, self.in_ten_days)
        self.assertEqual(first.scheduled_date, self.tomorrow)
        # The first delivery reserves the stock there is; what is reserved is in the
        # transfer of its move.
        self.assertEqual((first.state, first.move_ids.quantity), ("assigned", 3.0))
        move_lines = self.order.picking_ids.move_line_ids
        self.assertTrue(move_lines)
        self.assertFalse(
            move_lines.filtered(lambda ml: ml.picking_id != ml.move_id.picking_id)
        )

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

    def test_more_of_a_later_line_joins_its_backorder(self):
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self._solve_later()
        self.order.action_confirm()
        pickings = self.order.picking_ids
        later = self.order.order_line.filtered("delivery_date")
        later.with_user(self.salesperson).product_uom_qty = 4.0
        self.assertEqual(self.order.picking_ids, pickings)
        backorder = pickings.filtered("backorder_id")
        self.assertEqual(sum(backorder.move_ids.mapped("product_uom_qty")), 4.0)
        self.assertEqual(
            sum((pickings - backorder).move_ids.mapped("product_uom_qty")), 3.0
        )

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

    def _split_by_hand(self):
        """3 of the 5 on the order's date, the other 2 on a line due in ten days."""
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
        return self.order.order_line.filtered("delivery_date")

    def test_line_due_later_is_checked_on_its_own_date(self):
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        self.assertTrue(self.order._get_stock_shortages())
        self._split_by_hand()
        self.assertEqual(self.order._get_stock_shortages(), [])
        self.assertFalse(self.order.has_stock_shortage)

    def test_forecast_widget_of_a_later_line_looks_at_its_own_date(self):
        # 3 in stock, 10 expected in ten days: the line due then is shown 10 left after
        # the 3 the first line takes (sale_stock shows every line on the order's date).
        self._expect_receipt(self.product, 10.0, self.in_ten_days)
        later = self._split_by_hand()
        self.assertEqual(
            (later.scheduled_date, later.virtual_available_at_date),
            (self.in_ten_days, 10.0),
        )
        self.assertEqual(self.line.virtual_available_at_date, 3.0)
        self.assertNotEqual(self.line.scheduled_date, self.in_ten_days)

    def test_line_short_on_its_own_date_is_reported_on_that_date(self):
        self._set_stock(self.product, -2.0)  # 1 in stock
        later = self._split_by_hand()
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
