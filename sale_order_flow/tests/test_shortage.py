# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

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
