# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The confirmation gate: the only way into and out of "to_approve" and "sale", and what an
approval decision protects afterwards."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestConfirmationGate(SaleOrderFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_tiers()
        cls.tax = cls.env["account.tax"].create({"name": "Tax 15%", "amount": 15.0})
        cls.packaging = cls.env["product.packaging"].create(
            {"name": "Box of 10", "product_id": cls.product.id, "qty": 10.0}
        )

    def _waiting_order(self, qty=20.0):
        order = self._create_order(lines=[(self.product, qty, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        return order

    def _approve(self, order, user):
        return order.with_user(user).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )

    def _approved_order(self):
        order = self._waiting_order()
        self._approve(order, self.approver)
        self.assertEqual((order.state, order.locked), ("sale", True))
        return order

    # --- the state moves through the gate only ---

    def test_writing_the_state_is_refused_to_every_user(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        for env in (
            order.with_user(self.salesperson),
            order.with_user(self.sales_admin),
            order.sudo(),
        ):
            for state in ("sale", "to_approve"):
                with self.assertRefused(UserError, "through its buttons"):
                    env.write({"state": state})
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.approval_ids)

    def test_creating_or_copying_into_a_gated_state_is_refused(self):
        order = self._create_order()
        Order = self.env["sale.order"].with_user(self.salesperson)
        for state in ("sale", "to_approve"):
            with self.assertRefused(UserError, "through its buttons"):
                Order.create({"partner_id": self.customer.id, "state": state})
            with self.assertRefused(UserError, "through its buttons"):
                order.with_user(self.salesperson).copy({"state": state})
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_a_waiting_order_cannot_be_moved_back_and_forth_by_writing(self):
        order = self._waiting_order()
        step = order.approval_ids.filtered("is_current")
        with self.assertRefused(UserError, "through its buttons"):
            order.with_user(self.salesperson).write({"state": "draft"})
        with self.assertRefused(UserError, "through its buttons"):
            order.sudo().write({"state": "cancel"})
        self.assertEqual(order.state, "to_approve")
        self.assertTrue(step.is_current, "the step stays in the approvers' queue")

    def test_the_buttons_still_move_the_state(self):
        order = self._waiting_order()
        order.with_user(self.salesperson).action_draft()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.approval_ids.filtered("is_current"))
        small = self._create_order()
        small.with_user(self.salesperson).action_confirm()
        self.assertEqual(small.state, "sale")
        small.with_user(self.salesperson)._action_cancel()
        self.assertEqual(small.state, "cancel")

    # --- approve the step you saw ---

    def test_approving_the_same_step_twice_never_approves_the_next_level(self):
        # The director belongs to both levels; the Approve dialog is sent twice.
        order = self._waiting_order(qty=150.0)  # 15,000: both tiers
        first = order.approval_ids.filtered("is_current")
        order.with_user(self.director).action_approve(approval_ids=first.ids)
        with self.assertRefused(UserError, "already approved by Dana Director"):
            order.with_user(self.director).action_approve(approval_ids=first.ids)
        second = order.approval_ids.filtered("is_current")
        self.assertNotEqual(first, second)
        self.assertEqual(second.state, "pending")
        self.assertEqual(order.state, "to_approve")

    def test_a_decision_needs_the_step(self):
        order = self._waiting_order()
        with self.assertRefused(UserError, "approval step"):
            order.with_user(self.approver).action_approve()
        with self.assertRefused(UserError, "approval step"):
            order.with_user(self.approver).action_reject("no")
        self.assertEqual(order.approval_ids.mapped("state"), ["pending"])

    def test_a_rejection_for_a_step_already_approved_is_refused(self):
        order = self._waiting_order(qty=150.0)
        first = order.approval_ids.filtered("is_current")
        self._approve(order, self.approver)
        with self.assertRefused(UserError, "already approved"):
            order.with_user(self.director).action_reject("late", approval_ids=first.ids)
        self.assertEqual(order.state, "to_approve")

    def test_approve_dialog_binds_the_steps_shown(self):
        order = self._waiting_order(qty=150.0)
        action = order.with_user(self.director).action_open_approve_wizard()
        dialog = Form(
            self.env[action["res_model"]]
            .with_user(self.director)
            .with_context(**action["context"])
        ).save()
        dialog.comment = "Fine"
        dialog.action_approve()
        with self.assertRefused(UserError, "already approved"):
            dialog.action_approve()  # a second click on the same dialog
        self.assertEqual(
            order.approval_ids.sorted("level").mapped("state"), ["approved", "pending"]
        )
        self.assertEqual(order.approval_ids.sorted("level").mapped("level"), [1, 2])

    def test_a_rejection_is_not_logged_as_an_approval_done(self):
        order = self._waiting_order()
        order.with_user(self.approver).action_reject(
            "Too cheap", approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertFalse(
            order.message_ids.filtered(lambda m: "done" in (m.body or "").lower())
        )
        self.assertIn("Too cheap", order.message_ids[0].body)

    def test_changing_the_salesperson_does_not_allow_self_approval(self):
        self.company.sale_approval_forbid_self = True
        # An approver who also sells submits their order, then hands it to a colleague.
        order = self._create_order(
            lines=[(self.product, 20.0, 100.0)], user=self.approver
        )
        order.with_user(self.approver).action_confirm()
        order.with_user(self.approver).user_id = self.salesperson
        self.assertFalse(order.with_user(self.approver).can_approve)
        with self.assertRefused(AccessError, "submitted it"):
            self._approve(order, self.approver)
        self.assertEqual(order.approval_ids.state, "pending")

    def test_reading_an_order_is_not_enough_to_submit_it(self):
        # The approver reads the orders they decided on; submitting needs write access.
        order = self._waiting_order()
        order.with_user(self.approver).action_reject(
            "No", approval_ids=order.approval_ids.filtered("is_current").ids
        )
        with self.assertRefused(AccessError, "Sales Order"):
            order.with_user(self.approver).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_round, 1)

    # --- what the decision protects ---

    def test_the_content_of_a_waiting_order_is_frozen(self):
        order = self._waiting_order()
        line = order.order_line.with_user(self.salesperson)
        attempts = (
            lambda: line.write({"product_uom_qty": 2000}),
            lambda: line.write(
                {
                    "product_packaging_id": self.packaging.id,
                    "product_packaging_qty": 200,
                }
            ),
            lambda: line.write({"price_unit": 1.0}),
            lambda: line.write({"discount": 50.0}),
            lambda: line.write({"tax_id": [Command.set(self.tax.ids)]}),
            lambda: line.unlink(),
            lambda: self.env["sale.order.line"]
            .with_user(self.salesperson)
            .create({"order_id": order.id, "product_id": self.product.id}),
            lambda: order.with_user(self.salesperson).write(
                {"partner_id": self.env["res.partner"].create({"name": "X"}).id}
            ),
            lambda: order.with_user(self.salesperson).write(
                {"commitment_date": "2030-01-01 10:00:00"}
            ),
            lambda: order.with_user(self.salesperson).write(
                {"order_line": [Command.create({"product_id": self.product.id})]}
            ),
        )
        for attempt in attempts:
            with self.assertRefused(UserError, "waiting for approval"):
                attempt()
        self.assertEqual(order.order_line.product_uom_qty, 20.0)
        self.assertEqual(order.amount_untaxed, 2000.0)
        self.assertEqual(order.partner_id, self.customer)

    def test_packaging_cannot_multiply_an_approved_quantity(self):
        # A quantity changed through the packaging is recomputed, not written: the guard
        # compares what the line holds after the write.
        order = self._approved_order()
        with self.assertRefused(UserError, "confirmed through approval"):
            order.order_line.with_user(self.salesperson).write(
                {
                    "product_packaging_id": self.packaging.id,
                    "product_packaging_qty": 200,
                }
            )
        self.assertEqual(order.order_line.product_uom_qty, 20.0)

    def test_an_approved_locked_order_is_frozen_until_an_administrator_unlocks(self):
        order = self._approved_order()
        with self.assertRefused(UserError, "confirmed through approval"):
            self.env["sale.order.line"].with_user(self.salesperson).create(
                {"order_id": order.id, "product_id": self.product.id}
            )
        with self.assertRefused(UserError, "sales administrator"):
            order.with_user(self.salesperson).action_unlock()
        order.with_user(self.sales_admin).action_unlock()
        order.order_line.with_user(self.sales_admin).product_uom_qty = 25
        self.assertEqual(order.amount_untaxed, 2500.0)

    # --- a confirmed order grows only within what the gate lets through ---

    def test_a_confirmed_order_cannot_grow_into_a_tier_nor_sell_below_cost(self):
        self.env.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRefused(UserError, "would need approval \\(Sales approval\\)"):
            order.order_line.with_user(self.salesperson).product_uom_qty = 50
        with self.assertRefused(UserError, "Put the change in a new quotation"):
            self.env["sale.order.line"].with_user(self.salesperson).create(
                {"order_id": order.id, "product_id": self.product.id, "price_unit": 900}
            )
        self.assertEqual(order.amount_untaxed, 500.0)
        # Nor sell below cost afterwards (a price cut, or a discount line).
        with self.assertRefused(UserError, "below its cost"):
            order.order_line.with_user(self.salesperson).price_unit = 10.0
        with self.assertRefused(UserError, "below its cost"):
            self.env["sale.order.line"].with_user(self.salesperson).create(
                {
                    "order_id": order.id,
                    "product_id": self.service.id,
                    "price_unit": -450.0,
                }
            )
        self.assertEqual(order.amount_untaxed, 500.0)
        # Below the first tier, and lowering it, change it as in Odoo.
        order.order_line.with_user(self.salesperson).product_uom_qty = 9
        order.order_line.with_user(self.salesperson).product_uom_qty = 2
        self.assertEqual(order.amount_untaxed, 200.0)

    def test_a_confirmed_order_keeps_its_customer_company_and_currency(self):
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.action_confirm()
        other = self.env["res.partner"].create({"name": "Someone Else"})
        for vals in (
            {"partner_id": other.id},
            {"date_order": "2001-01-01 00:00:00"},
        ):
            with self.assertRefused(UserError, "is confirmed: .* cannot change"):
                order.with_user(self.salesperson).write(vals)
        self.assertEqual(order.partner_id, self.customer)
        # What Odoo lets change on a confirmed order still does.
        order.with_user(self.salesperson).client_order_ref = "PO-42"
        order.with_user(self.salesperson).partner_shipping_id = other

    def test_an_unlocked_approved_order_grows_within_its_approved_tiers(self):
        order = self._approved_order()
        order.with_user(self.sales_admin).action_unlock()
        order.order_line.with_user(self.salesperson).product_uom_qty = 90
        self.assertEqual(order.amount_untaxed, 9000.0)
        with self.assertRefused(UserError, "would need approval"):
            order.order_line.with_user(self.salesperson).product_uom_qty = 100
        self.assertEqual(order.amount_untaxed, 9000.0)

    def test_the_form_shows_the_frozen_fields_read_only(self):
        order = self._waiting_order()
        form = Form(order.with_user(self.salesperson))
        for fname in ("partner_id", "payment_term_id", "commitment_date"):
            with self.assertRaises(AssertionError, msg=fname):
                setattr(form, fname, False)
        with self.assertRaises(AssertionError):
            form.order_line.new()
        # A quotation is editable.
        order.with_user(self.salesperson).action_draft()
        form = Form(order.with_user(self.salesperson))
        form.commitment_date = "2030-01-01 10:00:00"
        form.save()

    def test_the_view_and_the_guard_read_the_same_list(self):
        Order = self.env["sale.order"]
        arch = Order.get_view(view_type="form")["arch"]
        for fname in Order._get_frozen_fields():
            if f'name="{fname}"' in arch and not Order._fields[fname].readonly:
                self.assertRegex(arch, rf'name="{fname}"[^>]*approval_frozen', fname)

    def test_invoicing_adds_down_payments_to_an_approved_order(self):
        order = self._approved_order()
        self._set_stock(self.product, 20)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 10})
        )
        wizard.create_invoices()
        self.assertTrue(order.order_line.filtered("is_downpayment"))
        self.assertEqual(order.amount_untaxed, 2000.0)

    # --- computed fields are Odoo's ---

    def test_computed_amounts_and_statuses_cannot_be_written(self):
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.with_user(self.salesperson).action_confirm()
        as_sales = order.with_user(self.salesperson)
        for vals in (
            {"invoice_status": "invoiced"},
            {"currency_rate": 1000.0},
            {"amount_total": 0.0},
            {"amount_untaxed": 0.0},
        ):
            with self.assertRefused(AccessError, "computed by Odoo"):
                as_sales.write(vals)
        for vals in (
            {"qty_invoiced": 5.0},
            {"price_total": 0.0},
            {"price_subtotal": 0.0},
            {"qty_to_invoice": 0.0},
            {"untaxed_amount_invoiced": 500.0},
        ):
            with self.assertRefused(AccessError, "computed by Odoo"):
                as_sales.order_line.write(vals)
        with self.assertRefused(UserError, "down payment"):
            as_sales.order_line.write({"is_downpayment": True})
        order.invalidate_recordset()
        self.assertEqual(order.invoice_status, "to invoice")
        self.assertEqual(order.amount_total, 500.0)
        self.assertEqual(order.order_line.qty_invoiced, 0.0)

    def test_a_down_payment_line_has_no_quantity(self):
        order = self._create_order()
        with self.assertRaises(ValidationError):
            self.env["sale.order.line"].with_user(self.salesperson).create(
                {
                    "order_id": order.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 90,
                    "is_downpayment": True,
                }
            )
        self.assertEqual(len(order.order_line), 1)

    # --- users without an email address ---

    def test_users_without_email_submit_approve_and_reject(self):
        self.salesperson.partner_id.email = False
        self.approver.partner_id.email = False
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "to_approve")
        self._approve(order, self.approver)
        self.assertEqual(order.state, "sale")
        other = self._create_order(lines=[(self.product, 20.0, 100.0)])
        other.with_user(self.salesperson).action_confirm()
        other.with_user(self.approver).action_reject(
            "No", approval_ids=other.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(other.state, "draft")
        other.with_user(self.salesperson).action_confirm()
        other.with_user(self.salesperson).action_draft()
        self.assertEqual(other.state, "draft")
