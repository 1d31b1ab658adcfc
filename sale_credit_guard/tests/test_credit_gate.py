# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Approval and credit together: where an order is held, and where its release takes it."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditAndApproval(CreditGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="gate_approver",
            name="Gail Approver",
            groups="sale_order_flow.group_sale_approver,base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # Orders from 200 need approval.
        cls.env["sale.approval.tier"].create({"name": "Sales", "min_amount": 200.0})
        cls.storable = cls._create_product(
            name="Crate",
            type="consu",
            is_storable=True,
            invoice_policy="order",
            lst_price=100.0,
            taxes_id=[Command.clear()],
        )

    def _order(self, qty, product=None):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or self.product).id,
                                "product_uom_qty": qty,
                                "price_unit": 100.0,
                            }
                        )
                    ],
                }
            )
        )
        return order

    def _approve(self, order):
        return order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )

    def _release(self, order, user=None):
        return order.with_user(user or self.controller).action_credit_release(
            note="Guarantee received"
        )

    # --- held at submission ---

    def test_held_at_submission_then_released_goes_to_approval(self):
        self._create_invoice(900.0)  # 900 + 300 > 1,000
        order = self._order(qty=3)
        action = order.action_confirm()
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertEqual((order.state, order.credit_hold), ("draft", True))
        self.assertFalse(order.approval_ids, "not submitted while held")
        self._release(order)
        self.assertEqual(order.state, "to_approve")
        self.assertFalse(order.credit_hold)
        self._approve(order)
        self.assertEqual(
            order.state, "sale", "released for this amount: not held again"
        )
        self.assertTrue(order.approval_confirmed)

    def test_held_at_confirmation_without_approval_then_released_is_confirmed(self):
        self._create_invoice(950.0)
        order = self._order(qty=1)  # 100: no tier
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self._release(order)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.approval_ids)

    # --- held at the last approval ---

    def test_held_at_last_approval_then_released_is_confirmed_without_new_round(self):
        order = self._order(qty=3)
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        self._create_invoice(900.0)  # the customer's situation worsens meanwhile
        action = self._approve(order)
        self.assertEqual(action["res_model"], "sale.credit.hold.wizard")
        self.assertEqual(order.state, "to_approve")
        self.assertTrue(order.approval_complete)
        self.assertTrue(order.credit_hold)
        self.assertFalse(order.current_approval_id, "no step waits any more")
        self._release(order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_round, 1)
        self.assertTrue(order.locked)

    def test_held_after_approval_the_salesperson_confirms_once_paid(self):
        order = self._order(qty=3)
        order.action_confirm()
        invoice = self._create_invoice(900.0)
        self._approve(order)
        self.assertTrue(order.credit_hold)
        # The customer pays: the salesperson's Confirm passes, no new approval round.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.approval_round, 1)

    # --- held at delivery ---

    def test_held_at_delivery_then_released_is_delivered(self):
        self.company.credit_check_on_delivery = True
        stock_group = self.env.ref("stock.group_stock_user")
        self.salesman.groups_id = [Command.link(stock_group.id)]
        order = self._order(qty=1, product=self.storable)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        self._create_invoice(2000.0)
        picking.with_user(self.salesman).button_validate()
        self.assertTrue(order.credit_hold)
        self.assertNotEqual(picking.state, "done")
        self._release(order)
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.state, "sale")
        picking.with_user(self.salesman).button_validate()
        self.assertEqual(picking.state, "done")

    # --- the release, in scope ---

    def test_only_held_orders_are_released(self):
        order = self._order(qty=1)
        with self.assertRaises(UserError):
            self._release(order)
        self.assertFalse(order.credit_release_date)
        self.assertEqual(order.state, "draft")

    def test_a_controller_cannot_release_an_order_of_another_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_company.write(
            {"account_use_credit_limit": True, "credit_hold_orders": True}
        )
        self.customer.with_company(other_company).credit_hold = True
        order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        order.with_company(other_company).action_confirm()
        self.assertTrue(order.credit_hold)
        with self.assertRaises(AccessError):
            self._release(order)
        self.assertTrue(order.credit_hold)
        self.assertFalse(order.credit_release_date)
        self.assertEqual(order.state, "draft")

    def test_withdrawing_a_held_order_takes_it_out_of_the_credit_queue(self):
        order = self._order(qty=3)
        order.action_confirm()
        self._create_invoice(900.0)
        self._approve(order)
        self.assertTrue(order.credit_hold)
        order.with_user(self.salesman).action_draft()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.credit_hold)
        self.assertFalse(
            order.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("sale_credit_guard.mail_activity_credit_hold")
            )
        )

    # --- one evaluation per confirmation ---

    def test_the_policy_is_evaluated_once_per_confirmation(self):
        self._create_invoice(950.0)
        order = self._order(qty=1)
        calls = []
        partner_class = type(self.env["res.partner"])
        original = partner_class._credit_check

        def counting(partner, *args, **kwargs):
            calls.append(partner.id)
            return original(partner, *args, **kwargs)

        partner_class._credit_check = counting
        try:
            order.action_confirm()
        finally:
            partner_class._credit_check = original
        self.assertEqual(len(calls), 1)
        self.assertTrue(order.credit_hold)

    # --- users without an email address ---

    def test_a_salesperson_without_email_gets_a_hold_not_an_error(self):
        self.salesman.partner_id.email = False
        self.controller.partner_id.email = False
        self._create_invoice(950.0)
        order = self._order(qty=1)
        order.with_user(self.salesman).action_confirm()
        self.assertTrue(order.credit_hold)
        self._release(order)
        self.assertEqual(order.state, "sale")
