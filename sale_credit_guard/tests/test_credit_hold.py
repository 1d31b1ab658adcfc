# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditHold(CreditGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("sale_credit_guard.mail_activity_credit_hold")

    def _credit_activities(self, order):
        return order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def test_order_within_limit_is_confirmed(self):
        self._create_invoice(300.0)
        order = self._create_order(qty=7).with_user(self.salesman)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)

    def test_order_over_limit_is_held_with_the_reason_and_a_dialog(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        action = order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.credit_hold)
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertIn("1,100.00", order.credit_hold_reason)
        self.assertIn("1,000.00", order.credit_hold_reason)
        self.assertIn("100.00", order.credit_hold_reason)
        # The dialog the salesperson gets renders (its lines are theirs only).
        wizard = (
            self.env["sale.credit.hold.wizard"]
            .with_user(self.salesman)
            .browse(action["res_id"])
        )
        with Form(wizard) as dialog:
            self.assertEqual(len(dialog.line_ids), 1)
        line = wizard.line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "order_id": order.id,
                    "receivable": 800.0,
                    "orders": 0.0,
                    "exposure": 800.0,
                    "amount": 300.0,
                    "exposure_after": 1100.0,
                    "credit_limit": 1000.0,
                }
            ],
        )
        self.assertIn("Put on credit hold", order.message_ids[0].body)
        activity = self._credit_activities(order)
        self.assertEqual(activity.user_id, self.controller)

    def test_second_confirmation_keeps_one_activity(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        order.action_confirm()
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertEqual(len(self._credit_activities(order)), 1)

    def test_activity_goes_to_every_controller_of_the_company_not_the_admin(self):
        self.company.credit_controller_id = False
        second = new_test_user(
            self.env,
            login="credit_controller_2",
            groups="sale_credit_guard.group_credit_controller,base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        elsewhere = self.env["res.company"].create({"name": "Sister Company"})
        new_test_user(
            self.env,
            login="credit_controller_elsewhere",
            groups="sale_credit_guard.group_credit_controller,base.group_user",
            company_id=elsewhere.id,
            company_ids=[Command.set(elsewhere.ids)],
        )
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("sale_credit_guard.group_credit_controller"))
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        assigned = self._credit_activities(order).user_id
        self.assertLessEqual(self.controller | second, assigned)
        self.assertNotIn(admin, assigned)
        self.assertEqual(assigned.company_ids & self.company, self.company)
        self.assertFalse(assigned.filtered(lambda u: self.company not in u.company_ids))

    def test_release_tells_the_salesperson(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        order.with_user(self.controller).action_credit_release(note="wire received")
        message = order.message_ids.filtered(
            lambda m: "Released from credit hold by" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.salesman.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, self.controller.partner_id)
        self.assertFalse(self._credit_activities(order), "the review is done")

    def test_release_confirms_the_order_held_at_confirmation(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        wizard = Form(
            self.env["sale.credit.release.wizard"]
            .with_user(self.controller)
            .with_context(default_order_ids=order.ids)
        )
        wizard.note = "Customer paid by wire this morning"
        wizard.save().action_release()
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.credit_released_amount, 300.0)
        self.assertEqual(order.credit_release_user_id, self.controller)
        self.assertEqual(
            order.credit_release_note, "Customer paid by wire this morning"
        )
        self.assertFalse(self._credit_activities(order))
        # The release continues what Confirm started: the order is confirmed.
        self.assertEqual(order.state, "sale")

    def test_release_is_withdrawn_when_the_amount_grows(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        order.action_confirm()
        order.with_user(self.controller).action_credit_release(note="ok")
        self.assertEqual(order.state, "sale")
        # Unlocked and grown after the release: the next check holds it again.
        self.company.credit_check_on_delivery = True
        order.order_line = [
            Command.create({"product_id": self.product.id, "product_uom_qty": 1})
        ]
        self.assertFalse(order._credit_check()["released"])
        self.assertTrue(order._credit_check()["blocked"])

    def test_release_covers_a_smaller_order_after_a_withdrawal(self):
        self._create_invoice(800.0)
        order_type = self.env["sale.order.type"].create(
            {"name": "Always reviewed", "always_approve": True}
        )
        order = self._create_order(qty=3, order_type_id=order_type.id)
        order.action_confirm()
        self.assertTrue(order.credit_hold, "held at submission")
        order.with_user(self.controller).action_credit_release(note="ok")
        self.assertEqual(order.state, "to_approve", "the release continues to approval")
        order.action_draft()
        order.order_line.product_uom_qty = 2
        order.action_confirm()
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.state, "to_approve")

    def test_salesperson_cannot_release(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        order.action_confirm()
        with self.assertRaises(AccessError):
            order.action_credit_release(note="please")
        with self.assertRaises(AccessError):
            order.write({"credit_hold": False})
        self.assertTrue(order.credit_hold)

    def test_not_blocked_while_company_does_not_use_credit_limits(self):
        self.company.account_use_credit_limit = False
        self.customer.credit_hold = True
        self._create_invoice(5000.0, due=self._days_ago(90))
        order = self._create_order(qty=30).with_user(self.salesman)
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)

    def test_odoo_credit_limit_alone_only_warns_as_in_stock_odoo(self):
        # A company that uses Odoo's credit limit as a warning keeps that behaviour until
        # it also turns on "Hold Orders Over Credit".
        self.company.credit_hold_orders = False
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        self.assertTrue(order.partner_credit_warning, "Odoo's own warning is shown")
        self.assertNotIn("credit", {r["code"] for r in order._get_review_reasons()})
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)

    def test_overdue_invoice_beyond_grace_holds_with_its_name(self):
        late = self._create_invoice(50.0, due=self._days_ago(31))
        order = self._create_order(qty=1)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertIn(late.name, order.credit_hold_reason)
        self.assertIn("31", order.credit_hold_reason)

    def test_overdue_invoice_within_grace_does_not_hold(self):
        self._create_invoice(50.0, due=self._days_ago(30))
        order = self._create_order(qty=1)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_paid_overdue_invoice_no_longer_holds(self):
        late = self._create_invoice(50.0, due=self._days_ago(60))
        order = self._create_order(qty=1)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=late.ids
        ).create({})._create_payments()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)
        self.assertFalse(self._credit_activities(order))

    def test_cancelling_a_held_order_ends_the_hold(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.credit_hold)
        self.assertFalse(self._credit_activities(order))

    def test_manual_partner_hold_blocks_every_order(self):
        self.customer.with_user(self.controller).credit_hold = True
        self.assertIn("Credit hold set", self.customer.message_ids[0].body)
        order = self._create_order(partner=self.contact, qty=1)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertIn("manual credit hold", order.credit_hold_reason)

    def test_orders_confirmed_together_add_up(self):
        first = self._create_order(qty=6)
        second = self._create_order(qty=6)
        (first | second).action_confirm()
        self.assertEqual(first.state, "sale")
        self.assertEqual(second.state, "draft")
        self.assertTrue(second.credit_hold)

    def test_gate_preview_shows_the_hold_without_holding(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        [decision] = order._get_gate_decisions(preview=True)
        self.assertEqual(decision["outcome"], "hold")
        self.assertEqual(decision["hold"]["reasons"][0]["code"], "limit")
        self.assertFalse(order.credit_hold, "a preview changes nothing")
        order.action_confirm()
        order.with_user(self.controller).action_credit_release(note="ok")
        self.assertEqual(order.state, "sale")

    def test_final_approval_checks_credit_again(self):
        approver = new_test_user(
            self.env,
            login="credit_approver",
            groups="sale_order_flow.group_sale_approver,sales_team.group_sale_salesman,"
            "base.group_user",
        )
        order_type = self.env["sale.order.type"].create(
            {"name": "Always reviewed", "always_approve": True}
        )
        order = self._create_order(qty=3, order_type_id=order_type.id)
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        # The customer's situation worsens while the order waits for approval.
        self._create_invoice(800.0)
        action = order.with_user(approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertTrue(order.credit_hold)
        self.assertEqual(order.state, "to_approve")
        self.assertTrue(order.approval_complete)
        order.with_user(self.controller).action_credit_release(
            note="guarantee received"
        )
        # Confirmed by the release, without a new approval round.
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.approval_confirmed)
        self.assertEqual(order.approval_round, 1)

    def test_delivery_recheck_refuses_salesperson_not_controller(self):
        self.company.credit_check_on_delivery = True
        storable = self._create_product(
            name="Crate",
            type="consu",
            is_storable=True,
            invoice_policy="order",
            lst_price=10.0,
            taxes_id=[Command.clear()],
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": storable.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        self.customer.credit_hold = True
        stock_group = self.env.ref("stock.group_stock_user")
        for user in self.salesman | self.controller:
            user.groups_id = [Command.link(stock_group.id)]
        action = picking.with_user(self.salesman).button_validate()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(picking.state, "assigned", "nothing validated")
        self.assertTrue(order.credit_hold, "held at delivery")
        picking.with_user(self.controller).button_validate()
        self.assertEqual(picking.state, "done")
