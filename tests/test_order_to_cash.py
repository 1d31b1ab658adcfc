# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order to cash, across the three addons, the way the people of one company live it.

Each step acts as the user who does it in real life (``with_user``) and asserts what that user
would see on their screen next.
"""

from datetime import timedelta

from o2c_common import OrderToCashCase

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestOrderToCash(OrderToCashCase):
    def test_custom_order_from_quotation_to_payment(self):
        customer = self.customer
        # 1. A custom order at 15 % discount (beyond the 10 % tolerance) for 12,750.
        order = self._new_order(
            customer, qty=150, discount=15.0, order_type=self.custom_type
        )
        self.assertEqual(order.order_type_id, self.custom_type)
        self.assertEqual(order.amount_untaxed, 12750.0)
        reasons = order._get_review_reasons()
        codes = {r["code"]: r["severity"] for r in reasons}
        self.assertEqual(codes.get("price_below_tolerance"), "review", reasons)
        self.assertIn(
            "block", codes.values(), "the custom type's mandatory data is missing"
        )
        self.assertIn(
            "Fix these first", order.review_panel, "the form says what blocks first"
        )
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "draft")

        # 2. The salesperson fills in what the type requires, and submits.
        order.with_user(self.salesperson).write(
            {
                "specification": "Oak, 2 m high, customer's logo engraved.",
                "commitment_date": fields.Datetime.now() + timedelta(days=7),
            }
        )
        self.assertNotIn("block", {r["severity"] for r in order._get_review_reasons()})
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.approval_ids.tier_id, self.tier_1 | self.tier_2)
        self.assertEqual(set(order.approval_ids.mapped("state")), {"pending"})
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).write(
                {"order_line": [Command.update(order.order_line.id, {"discount": 50})]}
            )

        # 3. Level 1 by an approver; level 2 is for directors only.
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "to_approve")
        approved = order.approval_ids.filtered(lambda a: a.state == "approved")
        self.assertEqual(approved.tier_id, self.tier_1)
        self.assertEqual(approved.user_id, self.approver)
        with self.assertRaises(UserError):
            order.with_user(self.approver).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.director).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )

        # 4. The final approval re-checked credit (within the limit) and confirmed, locked.
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.locked)
        self.assertFalse(order.credit_hold)
        self.assertEqual(set(order.approval_ids.mapped("state")), {"approved"})
        self.assertAlmostEqual(customer.credit_exposure_orders, order.amount_total)

        # 5. Only 100 of 150 are in stock: the clerk ships them, the policy backorders 50
        #    without asking, and the customer is emailed what shipped and what is pending.
        self._set_stock(100)
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        result = self._deliver(delivery, self.clerk)
        self.assertIs(result, True, "no backorder wizard: the policy answered")
        self.assertEqual(delivery.state, "done")
        backorder = delivery.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 50.0)
        self.assertEqual(order.backorder_count, 1)
        template = self.env.ref("stock_backorder_alerts.mail_template_partial_shipment")
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", customer.ids), ("subject", "ilike", delivery.name)]
        )
        self.assertTrue(mails, f"partial shipment email queued ({template.name})")
        self.assertIn("50", mails[0].body_html)

        # 6. The backorder goes late: the alert job escalates level by level, once each.
        Picking = self.env["stock.picking"]
        backorder.scheduled_date = fields.Datetime.now() - timedelta(hours=5)
        Picking._cron_delay_alerts()
        self.assertEqual(backorder.delay_level, 1)
        level_1 = self._delay_activities(backorder)
        self.assertTrue(level_1)
        Picking._cron_delay_alerts()
        self.assertEqual(
            self._delay_activities(backorder), level_1, "run twice: nothing new"
        )
        backorder.scheduled_date = fields.Datetime.now() - timedelta(hours=25)
        Picking._cron_delay_alerts()
        self.assertEqual(backorder.delay_level, 2)
        level_2 = self._delay_activities(backorder) - level_1
        self.assertIn(
            self.salesperson, level_2.user_id, "level 2 tells the salesperson"
        )
        customer_mails = self.env["mail.mail"].search_count(
            [("recipient_ids", "in", customer.ids)]
        )
        backorder.scheduled_date = fields.Datetime.now() - timedelta(hours=49)
        Picking._cron_delay_alerts()
        self.assertEqual(backorder.delay_level, 3)
        delay_mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", customer.ids)], order="id desc"
        )
        self.assertEqual(
            len(delay_mails), customer_mails + 1, "level 3 emails the customer"
        )
        self.assertIn(backorder.name, delay_mails[0].body_html)
        Picking._cron_delay_alerts()
        self.assertEqual(
            self.env["mail.mail"].search_count([("recipient_ids", "in", customer.ids)]),
            customer_mails + 1,
            "only once",
        )

        # 7. The rest arrives; the clerk must say why it was late.
        self._set_stock(50)
        with self.assertRaises(UserError):
            self._deliver(backorder, self.clerk)
        backorder.with_user(self.clerk).delay_reason_id = self.env.ref(
            "stock_backorder_alerts.delay_reason_stock_shortage"
        )
        self._deliver(backorder, self.clerk)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(backorder.delay_level, 3, "kept for the analysis")
        self.assertGreater(backorder.delay_days, 1.9)
        self.assertFalse(
            self._delay_activities(backorder).filtered("active"),
            "delay activities closed once delivered",
        )
        self.assertEqual(order.order_line.qty_delivered, 150.0)

        # 8. The accountant invoices what was delivered and posts it.
        invoice = order.with_user(self.accountant)._create_invoices()
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.amount_total, order.amount_total)
        customer.invalidate_recordset()
        self.assertAlmostEqual(
            customer.credit_exposure_receivable, invoice.amount_total
        )
        self.assertAlmostEqual(customer.credit_exposure_orders, 0.0)

        # 9. The customer pays: the exposure is back to nothing at once.
        register = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        register._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        customer.invalidate_recordset()
        self.assertAlmostEqual(customer.credit_exposure, 0.0)

    def test_customer_over_limit_is_held_then_released(self):
        customer = self.customer
        customer.credit_limit = 300.0
        order = self._new_order(customer, qty=5)  # 500, within tolerance, below tier 1
        [preview] = order._get_gate_decisions(preview=True)
        self.assertEqual(preview["outcome"], "hold")

        result = order.with_user(self.salesperson).action_confirm()
        self.assertIsInstance(result, dict, "a dialog explains the hold")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.credit_hold)
        self.assertIn("300", order.credit_hold_reason)
        self.assertEqual(
            len(order.activity_ids), 1, "one activity for credit controllers"
        )
        self.assertTrue(
            order.activity_ids.user_id.has_group(
                "sale_credit_guard.group_credit_controller"
            )
        )

        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).action_credit_release(note="please")
        self.assertTrue(order.credit_hold)

        order.with_user(self.controller).action_credit_release(
            note="Paid upfront by wire."
        )
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.state, "sale", "the release continues the confirmation")

    def test_create_and_confirm_in_one_transaction(self):
        """Imports and scripts create and confirm in one go, with every check on."""
        self._set_stock(10)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.state, "assigned")

    def test_final_approval_rechecks_credit_and_keeps_the_hold_dialog(self):
        """Credit may change while an order waits: the last approval holds it, and when
        several orders are approved at once the dialog of the held one is not lost."""
        other = self.env["res.partner"].create({"name": "Other Customer"})
        held, passing = (
            self._new_order(partner, qty=15) for partner in (self.customer, other)
        )
        (held | passing).with_user(self.salesperson).action_confirm()
        self.assertEqual((held | passing).mapped("state"), ["to_approve", "to_approve"])
        self.customer.credit_limit = 1000.0  # lowered while the orders wait

        orders = held | passing
        result = orders.with_user(self.approver).action_approve(
            approval_ids=orders.approval_ids.filtered("is_current").ids
        )

        self.assertIsInstance(result, dict, "the hold dialog of the first order")
        self.assertEqual(result["res_model"], "sale.credit.hold.wizard")
        self.assertTrue(held.credit_hold)
        self.assertEqual(held.state, "to_approve", "approved, held before confirmation")
        self.assertEqual(passing.state, "sale")
