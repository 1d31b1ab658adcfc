# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestApproval(SaleOrderFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_sales, cls.tier_director = cls._create_tiers()
        cls.activity_type = cls.env.ref("sale_order_flow.mail_activity_sale_approval")

    def _approval_activities(self, order):
        return order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def test_order_below_every_threshold_confirms_as_usual(self):
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.approval_ids)
        self.assertFalse(order.locked)

    def test_confirm_submits_an_order_reaching_a_tier(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.approval_ids.tier_id, self.tier_sales)
        self.assertEqual(order.approval_ids.state, "pending")
        self.assertTrue(order.approval_ids.is_current)
        self.assertTrue(order.approval_ids.date_submitted)
        approvers = self._approval_activities(order).user_id
        self.assertLessEqual(
            self.approver | self.director | self.sales_admin, approvers
        )
        self.assertNotIn(self.salesperson, approvers)
        self.assertIn("Submitted for approval", order.message_ids[0].body)

    def test_big_order_climbs_every_tier_in_sequence_then_confirms_locked(self):
        order = self._create_order(lines=[(self.product, 200.0, 100.0)])
        order.action_confirm()
        self.assertEqual(
            order.approval_ids.tier_id, self.tier_sales | self.tier_director
        )
        # The director cannot skip the first level... but is also an approver, so allowed.
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.current_approval_id.tier_id, self.tier_director)
        self.assertEqual(self._approval_activities(order).user_id, self.director)
        with self.assertRaises(UserError):
            order.with_user(self.approver).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.director).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.locked)
        self.assertTrue(order.approval_confirmed)
        self.assertEqual(
            order.approval_ids.mapped("user_id"), self.approver | self.director
        )
        self.assertTrue(all(order.approval_ids.mapped("date")))
        self.assertFalse(self._approval_activities(order))
        self.assertTrue(order.picking_ids, "confirmation ran the stock flow")

    def test_review_reason_needs_the_first_tier_even_below_its_amount(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 1.0, 10.0)])
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.approval_ids.tier_id, self.tier_sales)
        self.assertIn("below its cost", order.review_summary)

    def test_review_reason_without_tiers_goes_to_the_approver_group(self):
        (self.tier_sales | self.tier_director).action_archive()
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 1.0, 10.0)])
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertFalse(order.approval_ids.tier_id)
        self.assertEqual(order.approval_ids.group_id, self.group_approver)
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")

    def test_tier_limited_to_other_types_does_not_apply(self):
        self.tier_sales.order_type_ids = self.type_service
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_salesperson_may_not_approve_own_order_when_the_company_says_so(self):
        order = self._create_order(
            lines=[(self.product, 20.0, 100.0)], user=self.approver
        )
        order.action_confirm()
        self.company.sale_approval_forbid_self = True
        self.assertFalse(order.with_user(self.approver).can_approve)
        with self.assertRaisesRegex(UserError, "another approver"):
            order.with_user(self.approver).action_approve(
                approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.director).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")

    def test_own_approval_is_allowed_by_default(self):
        order = self._create_order(
            lines=[(self.product, 20.0, 100.0)], user=self.approver
        )
        order.action_confirm()
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")

    def test_reject_needs_a_reason_and_returns_the_order_to_draft(self):
        order = self._create_order(lines=[(self.product, 200.0, 100.0)])
        order.action_confirm()
        with self.assertRaises(UserError):
            order.with_user(self.approver).action_reject(
                "  ", approval_ids=order.approval_ids.filtered("is_current").ids
            )
        order.with_user(self.approver).action_reject(
            "Discount too deep",
            approval_ids=order.approval_ids.filtered("is_current").ids,
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_ids.mapped("state"), ["rejected", "cancelled"])
        self.assertIn("Discount too deep", order.message_ids[0].body)
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        self.assertEqual(len(todo), 1)
        self.assertFalse(self._approval_activities(order))

    def test_resubmission_after_rejection_starts_a_new_round(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order.with_user(self.approver).action_reject(
            "Check the price",
            approval_ids=order.approval_ids.filtered("is_current").ids,
        )
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.current_approval_id.round, 2)
        self.assertFalse(order._is_approval_complete())
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")

    def test_reject_wizard(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        action = order.with_user(self.approver).action_open_reject_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.approver)
            .with_context(**action["context"])
        )
        wizard.reason = "Wrong customer"
        wizard.save().action_reject()
        self.assertEqual(order.state, "draft")

    def test_commercial_content_is_frozen_while_waiting(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        line = order.order_line
        for change in (
            lambda: line.write({"price_unit": 1.0}),
            lambda: line.write({"discount": 50.0}),
            lambda: line.write({"product_uom_qty": 1.0}),
            lambda: order.write({"partner_id": self.env.user.partner_id.id}),
            lambda: order.write(
                {"order_line": [Command.create({"product_id": self.service.id})]}
            ),
            lambda: line.unlink(),
        ):
            with self.assertRaisesRegex(UserError, "waiting for approval"):
                change()
        # Non-commercial data may still change.
        order.client_order_ref = "PO-42"
        self.assertEqual(order.client_order_ref, "PO-42")

    def test_set_to_quotation_withdraws_the_request(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order.with_user(self.salesperson).action_draft()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_ids.state, "cancelled")
        self.assertFalse(order.approval_ids.is_current)
        self.assertFalse(self._approval_activities(order))
        order.order_line.price_unit = 90.0

    def test_cancel_withdraws_the_request(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.approval_ids.state, "cancelled")

    def test_only_sales_administrators_unlock_approved_orders(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertTrue(order.locked)
        with self.assertRaisesRegex(UserError, "sales administrator"):
            order.with_user(self.salesperson).action_unlock()
        order.with_user(self.sales_admin).action_unlock()
        self.assertFalse(order.locked)
        self.assertIn("unlocked", order.message_ids[0].body)

    def test_last_approval_reruns_the_review_and_keeps_the_decision(self):
        self.company.sale_stock_check = "review"
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        # Stock got worse and the company now blocks: the last approval is recorded, the
        # order is not confirmed, and its salesperson is told what blocks.
        self.company.sale_stock_check = "block"
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "to_approve")
        self.assertTrue(order.approval_complete)
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        self.assertIn("forecast", todo.note)
        # Once stock is there, the salesperson's Confirm confirms it: no new approval round.
        self.company.sale_stock_check = "none"
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.approval_confirmed)
        self.assertEqual(order.approval_round, 1)

    def test_confirming_a_waiting_order_directly_is_refused(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "waiting for approval"):
            order.action_confirm()

    def test_always_approve_type_needs_approval_even_without_tiers(self):
        (self.tier_sales | self.tier_director).action_archive()
        self.type_standard.always_approve = True
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")

    def test_create_and_confirm_in_one_transaction(self):
        """Imports and scripts create and confirm in the same transaction, with and without
        approval."""
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
                for qty in (1.0, 50.0)
            ]
        )
        orders.action_confirm()
        self.assertEqual(orders.mapped("state"), ["sale", "to_approve"])
        orders[1].with_user(self.approver).action_approve(
            approval_ids=orders[1].approval_ids.filtered("is_current").ids
        )
        self.assertEqual(orders[1].state, "sale")

    def test_customer_acceptance_in_the_portal_submits_never_confirms(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.require_payment = False
        portal_user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Portal Customer",
                    "login": "sof_portal",
                    "partner_id": self.customer.id,
                    "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
                }
            )
        )
        # What the portal controller does once the customer signed.
        order.with_user(portal_user).sudo()._validate_order()
        self.assertEqual(order.state, "to_approve")

    def test_portal_acceptance_with_blocking_reasons_keeps_the_quotation(self):
        self.type_standard.require_client_order_ref = True
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.sudo()._validate_order()
        self.assertEqual(order.state, "draft")
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        )

    def test_approval_records_are_read_only_for_users(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        approval = order.approval_ids
        for user in (self.salesperson, self.approver, self.sales_admin):
            approval.with_user(user).read(["state"])
            with self.assertRaises(AccessError):
                approval.with_user(user).write({"state": "approved"})
            with self.assertRaises(AccessError):
                approval.with_user(user).unlink()

    def test_lead_time_is_recorded(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order.approval_ids.sudo().date_submitted = "2020-01-01 08:00:00"
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertGreater(order.approval_ids.lead_time, 24.0)

    def test_waiting_order_is_still_a_quotation_for_documents_and_menus(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.type_name, "Quotation")
        orders_action = self.env.ref("sale.action_orders")
        self.assertNotIn(
            order,
            self.env["sale.order"].search(
                [*safe_eval(orders_action.domain), ("id", "=", order.id)]
            ),
        )
