# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import Form, new_test_user, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditPanel(CreditGuardCommon):
    """The credit verdict in the order's review panel: the gate's, with its numbers."""

    def _panel(self, order):
        return order._get_review_panel_values()

    def _credit(self, order):
        [section] = self._panel(order)["holds"]
        return section

    def _figures(self, section):
        return {figure["label"]: figure["value"] for figure in section["figures"]}

    def test_order_within_the_policy_shows_the_figures(self):
        self._create_invoice(300.0)
        order = self._create_order(qty=2).with_user(self.salesman)
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "confirm")
        section = self._credit(order)
        self.assertEqual(section["title"], "Credit: within the policy")
        figures = self._figures(section)
        self.assertIn("300.00", figures["Exposure"])
        self.assertIn("500.00", figures["With this order"])
        self.assertIn("1,000.00", figures["Limit"])
        self.assertIn("Confirm will confirm the order.", order.review_panel)

    def test_over_limit_says_confirm_holds_with_the_numbers(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "hold")
        self.assertEqual(panel["headline"], "Confirm will put the order on hold.")
        self.assertEqual(panel["blocks"], [])
        section = self._credit(order)
        self.assertEqual(section["tone"], "danger")
        self.assertIn("Confirm will put the order on credit hold", section["title"])
        self.assertIn("1,100.00", self._figures(section)["With this order"])
        self.assertIn("Credit limit of Acme Corp exceeded", section["lines"][0])
        order.action_confirm()
        self.assertTrue(order.credit_hold, "Confirm did what the panel said")
        order.invalidate_recordset(["review_panel"])
        panel = self._panel(order)
        self.assertEqual(
            panel["headline"],
            "On credit hold: a credit controller must release the order.",
        )
        self.assertEqual(self._credit(order)["title"], "On credit hold")
        self.assertIn("On credit hold", order.review_brief)
        self.assertIn("1,100.00", order.review_brief)

    def test_blocked_order_over_limit_lists_the_blocks_and_the_hold_after(self):
        self.env.ref("sale_order_flow.sale_order_type_standard").sudo().write(
            {"require_client_order_ref": True}
        )
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "block")
        self.assertIn("fix what blocks first", panel["headline"])
        self.assertIn("customer reference", panel["blocks"][0])
        self.assertIn("a hold is only placed once nothing blocks", panel["then"])
        section = self._credit(order)
        self.assertIn("once nothing else stops it", section["title"])
        self.assertIn("1,100.00", self._figures(section)["With this order"])
        html = order.review_panel
        self.assertLess(
            html.index("Fix these first"), html.index("Credit:"), "blocks come first"
        )
        self.assertFalse(order.credit_hold, "a hold is not placed while blocks remain")

    def test_held_order_that_something_else_blocks_stays_held_after(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        self.env.ref("sale_order_flow.sale_order_type_standard").sudo().write(
            {"require_client_order_ref": True}
        )
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "block")
        self.assertEqual(
            panel["then"],
            "Then it stays on credit hold until a credit controller releases it.",
        )
        self.assertEqual(self._credit(order)["title"], "On credit hold")

    def test_released_order_says_who_released_it(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        # Something else stops the order when the controller releases it: it stays a
        # quotation, released.
        self.env.ref("sale_order_flow.sale_order_type_standard").sudo().write(
            {"require_client_order_ref": True}
        )
        order.with_user(self.controller).action_credit_release(note="Paid by wire")
        self.assertEqual(order.state, "draft")
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "block")
        self.assertIn("customer reference", panel["blocks"][0])
        self.assertEqual(panel["then"], "Then Confirm will confirm the order.")
        section = self._credit(order)
        self.assertEqual(section["tone"], "success")
        self.assertIn("released by Carla Controller", section["title"])
        self.assertIn("Paid by wire", section["lines"])
        order.client_order_ref = "PO-1"
        order.action_confirm()
        self.assertEqual(order.state, "sale", "Confirm did what the panel said")
        self.assertEqual(self._panel(order), {}, "no panel once confirmed")

    def test_approved_order_held_then_released_never_shows_an_empty_step(self):
        approver = new_test_user(
            self.env,
            login="panel_approver",
            name="Paula Approver",
            groups="sale_order_flow.group_sale_approver,sales_team.group_sale_salesman,"
            "base.group_user",
        )
        order_type = self.env["sale.order.type"].create(
            {"name": "Always reviewed", "always_approve": True}
        )
        order = self._create_order(qty=3, order_type_id=order_type.id)
        order.action_confirm()
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "wait")
        self.assertEqual(
            self._credit(order)["title"], "Credit: within the policy", "checked now"
        )
        self._create_invoice(800.0)
        order.invalidate_recordset(["review_panel"])
        panel = self._panel(order)
        self.assertIn("After the last approval, the order will be held", panel["then"])
        order.with_user(approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertTrue(order.credit_hold)
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "hold")
        self.assertEqual(
            panel["headline"],
            "On credit hold: a credit controller must release the order.",
        )
        self.assertEqual(
            panel["then"], "Once the hold is lifted, the order is confirmed."
        )
        self.assertIn("approved by Paula Approver", order.review_panel)
        self.assertNotIn("Waiting for", order.review_panel)
        order.with_user(self.controller).action_credit_release(note="ok")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.review_panel)

    def test_form_panel_follows_the_quantity_before_saving(self):
        self._create_invoice(300.0)
        with Form(self.env["sale.order"].with_user(self.salesman)) as order_form:
            order_form.partner_id = self.contact
            with order_form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 2
            self.assertIn("Credit: within the policy", order_form.review_panel)
            self.assertIn("500.00", order_form.review_panel)
            with order_form.order_line.edit(0) as line:
                line.product_uom_qty = 8
            self.assertIn("1,100.00", order_form.review_panel)
            self.assertIn("Confirm will put the order on hold", order_form.review_panel)
            self.assertEqual(
                order_form.partner_credit_warning,
                "",
                "the panel says it: no second banner",
            )
