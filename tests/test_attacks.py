# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The red-team suite (issue 9): every attack on approval and credit control tried over
XML-RPC and JSON-RPC against the running test server, logged in as each role that could try
it: salesperson, another salesperson, approver, director of both approval levels, credit
controller of another company, warehouse user, billing user, portal user.

Each test checks the refusal (fault code and message) and that nothing changed: state,
amounts, holds, exposure and approval steps are read back from the database after the call.
The attacks that are not refusals (an order reviewed instead of confirmed, a release that
continues the order) check the outcome the control promises.

One dataset for the whole class (``setUpClass``); each test runs in its own savepoint.
"""

import base64
import io
import math
import xmlrpc.client
import zipfile
from datetime import timedelta

from o2c_common import OrderToCashCase

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

# odoo.addons.base.controllers.rpc
USER_ERROR = 2  # RPC_FAULT_CODE_WARNING: UserError, ValidationError
ACCESS_ERROR = 4  # RPC_FAULT_CODE_ACCESS_ERROR
REFUSED = (USER_ERROR, ACCESS_ERROR)  # a refusal the user can read, never a crash (1)

# Context keys an attacker may hope to be trusted: none of them opens a door.
HOSTILE_CONTEXT = {
    "sof_allow_state_change": True,
    "allow_state_change": True,
    "install_mode": True,
    "module": "sale_order_flow",
    "tracking_disable": True,
    "mail_notrack": True,
    "import_file": True,
    "skip_credit_check": True,
    "credit_hold_skip": True,
    "active_test": False,
}


@tagged("post_install", "-at_install")
class TestAttacks(OrderToCashCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_approval_forbid_self = True
        # Salespeople often have Odoo's contact-creation right: the holds must not rely on
        # its absence.
        cls.salesperson.groups_id = [
            Command.link(cls.env.ref("base.group_partner_manager").id)
        ]
        cls.box = cls.env["product.packaging"].create(
            {"name": "Box of 10", "product_id": cls.product.id, "qty": 10.0}
        )
        cls.discount_product = cls.env["product.product"].create(
            {
                "name": "Discount",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 0.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls._create_users()
        cls._create_customers()
        cls._create_orders()

    # === DATASET ===

    @classmethod
    def _create_users(cls):
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "Sister Company B",
                "account_use_credit_limit": True,
                "credit_hold_orders": True,
            }
        )
        only_b = {
            "company_id": cls.company_b.id,
            "company_ids": [Command.set(cls.company_b.ids)],
        }
        no_email = {"email": False}  # Odoo allows users without an email address
        seller = "sales_team.group_sale_salesman"
        controller = "sale_credit_guard.group_credit_controller"
        admin = (
            "base.group_system,sales_team.group_sale_manager,"
            "stock.group_stock_manager,account.group_account_manager"
        )
        # new_test_user: the password is the login (every login has 8 characters or more).
        for attr, login, name, groups, extra in (
            ("other_salesperson", "atk_other_seller", "Olga Other", seller, {}),
            (
                "controller_b",
                "atk_controller_b",
                "Bea Controller B",
                controller,
                only_b,
            ),
            ("portal_user", "atk_portal_user", "Pete Portal", "base.group_portal", {}),
            ("administrator", "atk_administrator", "Ada Administrator", admin, {}),
            ("mute_salesperson", "atk_mute_seller", "Max Mute", seller, no_email),
            (
                "mute_approver",
                "atk_mute_approver",
                "Mia Mute",
                "sale_order_flow.group_sale_approver",
                no_email,
            ),
            (
                "mute_controller",
                "atk_mute_controller",
                "Moe Mute",
                controller,
                no_email,
            ),
        ):
            user = new_test_user(
                cls.env, login=login, name=name, groups=groups, **extra
            )
            setattr(cls, attr, user)

    @classmethod
    def _create_customers(cls):
        Partner = cls.env["res.partner"]
        # A limit of 1,000: one confirmed order of 500 is its exposure.
        cls.tight = Partner.create(
            {
                "name": "Tight Budget Ltd",
                "is_company": True,
                "use_partner_credit_limit": True,
                "credit_limit": 1000.0,
            }
        )
        # On manual credit hold in the company, with a contact.
        cls.frozen = Partner.create(
            {"name": "Frozen Holdings", "is_company": True, "credit_hold": True}
        )
        cls.frozen_contact = Partner.create(
            {"name": "Hank Held", "parent_id": cls.frozen.id}
        )
        cls.free_company = Partner.create(
            {"name": "Free Trade Inc", "is_company": True}
        )
        cls.customer_b = Partner.create({"name": "Bravo Buyer", "is_company": True})
        cls.customer_b.with_company(cls.company_b).write(
            {"use_partner_credit_limit": True, "credit_limit": 100.0}
        )

    @classmethod
    def _order(cls, user, partner, qty, price=None, company=None, extra_lines=()):
        """An order typed by ``user`` (one line of ``qty`` cabinets, plus ``extra_lines``:
        ``(product, qty, price)``)."""
        lines = [(cls.product, qty, price), *extra_lines]
        Order = cls.env["sale.order"].with_user(user)
        if company:
            Order = Order.with_company(company)
        return Order.create(
            {
                "partner_id": partner.id,
                "company_id": (company or cls.company).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            **({"price_unit": unit} if unit is not None else {}),
                        }
                    )
                    for product, quantity, unit in lines
                ],
            }
        )

    @classmethod
    def _approve_now(cls, order, user):
        order.with_user(user).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )

    @classmethod
    def _create_orders(cls):
        seller = cls.salesperson
        # 1,500: would need the first level.
        cls.quotation = cls._order(seller, cls.customer, 15)
        # 2,000 in two boxes of ten, waiting for the first level.
        cls.waiting = cls._order(seller, cls.customer, 20)
        cls.waiting.order_line.product_packaging_id = cls.box
        cls.waiting.with_user(seller).action_confirm()
        # 20,000: waiting for both levels (the director belongs to both).
        cls.big = cls._order(seller, cls.customer, 200)
        cls.big.with_user(seller).action_confirm()
        # 1,500 approved: confirmed and locked.
        cls.locked = cls._order(seller, cls.customer, 15)
        cls.locked.with_user(seller).action_confirm()
        cls._approve_now(cls.locked, cls.approver)
        # 3,000 rejected with a reason.
        cls.rejected = cls._order(seller, cls.customer, 30)
        cls.rejected.with_user(seller).action_confirm()
        cls.rejected.with_user(cls.approver).action_reject(
            "Margin too thin for this customer",
            approval_ids=cls.rejected.approval_ids.filtered("is_current").ids,
        )
        # 500 for the tight customer: confirmed at once, its exposure is 500.
        cls.confirmed = cls._order(seller, cls.tight, 5)
        cls.confirmed.with_user(seller).action_confirm()
        # 1,500 for the tight customer: held when submitted.
        cls.held = cls._order(seller, cls.tight, 15)
        cls.held.with_user(seller).action_confirm()
        # Another salesperson's quotation.
        cls.others_quotation = cls._order(cls.other_salesperson, cls.customer, 5)
        # Company B: 500 for a customer with a limit of 100, held.
        cls.held_b = cls._order(
            cls.env.user, cls.customer_b, 5, price=100.0, company=cls.company_b
        )
        cls.held_b.with_company(cls.company_b).action_confirm()

    def test_dataset(self):
        """The dataset is what the attacks assume."""
        self.assertEqual(self.quotation.state, "draft")
        self.assertEqual(
            (self.waiting.state, self.waiting.order_line.product_packaging_qty),
            ("to_approve", 2.0),
        )
        self.assertEqual(len(self.big.approval_ids), 2)
        self.assertEqual(
            (self.locked.state, self.locked.locked, self.locked.approval_confirmed),
            ("sale", True, True),
        )
        self.assertEqual(self.rejected.state, "draft")
        self.assertEqual(self.confirmed.state, "sale")
        self.assertEqual((self.held.state, self.held.credit_hold), ("draft", True))
        self.assertEqual((self.held_b.state, self.held_b.credit_hold), ("draft", True))
        self.assertEqual(self.exposure(self.tight), 500.0)

    # === CALLING AS A USER ===

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC as ``user`` (``new_test_user``:
        the password is the login)."""
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def call_kw(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC, as the web client calls it."""
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRefused(self, user, model, method, *args, codes=REFUSED, says=None, **kw):
        """The XML-RPC call is refused to ``user`` with a readable error (fault 2 or 4, or
        ``codes``), whose message contains ``says``; return the message."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kw)
        fault = caught.exception
        where = f"{user.login} {model}.{method}{args}{kw}: {fault.faultString[-600:]}"
        if isinstance(codes, int):
            codes = (codes,)
        self.assertIn(fault.faultCode, codes, where)
        if says:
            self.assertIn(says, fault.faultString, where)
        return fault.faultString

    def assertJsonRefused(self, user, model, method, *args, error=None, **kwargs):
        """The JSON-RPC call is refused to ``user`` (an Odoo exception, ``error`` if
        given)."""
        with self.assertRaises(JsonRpcException) as caught:
            self.call_kw(user, model, method, *args, **kwargs)
        name = caught.exception.args[0]
        self.assertTrue(name.startswith("odoo.exceptions."), name)
        if error:
            self.assertEqual(name, f"odoo.exceptions.{error}")

    # === READING BACK ===

    def snapshot(self, order):
        """What an attack on ``order`` could change, read from the database."""
        self.env.invalidate_all()
        order = order.sudo()
        return {
            "state": order.state,
            "locked": order.locked,
            "amount_total": order.amount_total,
            "amount_untaxed": order.amount_untaxed,
            "invoice_status": order.invoice_status,
            "currency_rate": order.currency_rate,
            "credit_uninvoiced_amount": order.credit_uninvoiced_amount,
            "credit_hold": order.credit_hold,
            "credit_release_date": order.credit_release_date,
            "approval_confirmed": order.approval_confirmed,
            "approval_round": order.approval_round,
            "company": order.company_id.id,
            "partner": order.partner_id.id,
            "pickings": order.picking_ids.ids,
            "approvals": [
                (a.id, a.state, a.is_current, a.user_id.id, a.comment)
                for a in order.approval_ids.sorted("id")
            ],
            "lines": [
                (
                    line.id,
                    line.product_id.id,
                    line.product_uom_qty,
                    line.product_packaging_qty,
                    line.price_unit,
                    line.discount,
                    line.price_total,
                    line.qty_invoiced,
                    line.is_downpayment,
                    line.invoice_lines.ids,
                    line.delivery_date,
                )
                for line in order.order_line.sorted("id")
            ],
        }

    def assertUnchanged(self, order, before):
        self.assertEqual(self.snapshot(order), before, f"{order.name} changed")

    def exposure(self, partner):
        """The customer's credit exposure in the company, read from the database."""
        self.env.invalidate_all()
        return partner.with_company(self.company).credit_exposure

    def confirm_over_rpc(self, user, order):
        """``user`` clicks Confirm on ``order`` (XML-RPC); return the order as stored."""
        self.rpc(user, "sale.order", "action_confirm", order.ids)
        return self.snapshot(order)

    def approve_over_rpc(self, user, order):
        """``user`` approves the step of ``order`` waiting now (XML-RPC); return the order
        as stored."""
        self.rpc(
            user,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=self.current_step(order).ids,
        )
        return self.snapshot(order)

    def assertHeldQuotation(self, stored):
        """``stored`` (a snapshot) is a quotation on credit hold."""
        self.assertEqual((stored["state"], stored["credit_hold"]), ("draft", True))

    def found(self, user, model, domain):
        """``search_read`` of ``domain`` over XML-RPC as ``user``; nothing for a user
        without access to the model at all."""
        try:
            return self.rpc(user, model, "search_read", domain)
        except xmlrpc.client.Fault as fault:
            self.assertEqual(fault.faultCode, ACCESS_ERROR, fault.faultString[-300:])
            return []

    def current_step(self, order):
        self.env.invalidate_all()
        return order.approval_ids.filtered("is_current")

    def new_order_over_rpc(self, user, partner, qty, *extra_lines, **vals):
        """The order ``user`` creates over XML-RPC: ``qty`` cabinets and ``extra_lines``
        ``(product, qty, price)``."""
        lines = [(0, 0, {"product_id": self.product.id, "product_uom_qty": qty})]
        lines += [
            (0, 0, {"product_id": p.id, "product_uom_qty": q, "price_unit": price})
            for p, q, price in extra_lines
        ]
        order_id = self.rpc(
            user,
            "sale.order",
            "create",
            {"partner_id": partner.id, "order_line": lines, **vals},
        )
        return self.env["sale.order"].browse(order_id)

    # === 1. THE STATE MOVES THROUGH THE GATE ONLY ===

    def test_salesperson_cannot_confirm_by_writing_state(self):
        before = self.snapshot(self.quotation)
        for state in ("sale", "to_approve"):
            self.assertRefused(
                self.salesperson,
                "sale.order",
                "write",
                self.quotation.ids,
                {"state": state},
                says="through its buttons",
            )
        self.assertUnchanged(self.quotation, before)

    def test_accountant_and_warehouse_user_cannot_confirm_by_writing_state(self):
        before = self.snapshot(self.quotation)
        for user in (self.accountant, self.clerk):
            self.assertRefused(
                user, "sale.order", "write", self.quotation.ids, {"state": "sale"}
            )
            self.assertUnchanged(self.quotation, before)

    def test_salesperson_cannot_create_an_order_in_state_sale(self):
        Order = self.env["sale.order"]
        count = Order.search_count([])
        for user in (self.salesperson, self.accountant):
            for state in ("sale", "to_approve"):
                self.assertRefused(
                    user,
                    "sale.order",
                    "create",
                    {
                        "partner_id": self.customer.id,
                        "state": state,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": self.product.id, "product_uom_qty": 1},
                            )
                        ],
                    },
                )
        self.assertEqual(Order.search_count([]), count)

    def test_waiting_order_cannot_go_back_and_forth_by_writing_state(self):
        before = self.snapshot(self.waiting)
        for state in ("draft", "sent", "cancel", "sale"):
            self.assertRefused(
                self.salesperson,
                "sale.order",
                "write",
                self.waiting.ids,
                {"state": state},
                says="through its buttons",
            )
        self.assertUnchanged(self.waiting, before)
        self.assertIn(self.waiting, self.waiting_for(self.approver))

    def waiting_for(self, user):
        ids = self.rpc(
            user, "sale.order", "search", [("is_waiting_my_approval", "=", True)]
        )
        return self.env["sale.order"].browse(ids)

    def test_confirmed_order_cannot_go_back_to_quotation_by_writing_state(self):
        for order in (self.locked, self.confirmed):
            before = self.snapshot(order)
            for user in (self.salesperson, self.accountant, self.clerk):
                self.assertRefused(
                    user, "sale.order", "write", order.ids, {"state": "draft"}
                )
            self.assertUnchanged(order, before)

    def test_copy_cannot_carry_a_state(self):
        Order = self.env["sale.order"]
        count = Order.search_count([])
        for order in (self.waiting, self.locked):
            for state in ("sale", "to_approve"):
                self.assertRefused(
                    self.salesperson, "sale.order", "copy", order.ids, {"state": state}
                )
        self.assertEqual(Order.search_count([]), count)
        # A plain copy is a new quotation, approvals not carried.
        copy_id = self.rpc(self.salesperson, "sale.order", "copy", self.locked.ids)
        copy = Order.browse(copy_id)
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.approval_ids)
        self.assertFalse(copy.approval_confirmed)

    def test_hostile_context_keys_open_no_door(self):
        before = self.snapshot(self.waiting)
        self.assertRefused(
            self.salesperson,
            "sale.order",
            "write",
            self.waiting.ids,
            {"state": "sale"},
            context=HOSTILE_CONTEXT,
        )
        self.assertRefused(
            self.salesperson,
            "sale.order.line",
            "write",
            self.waiting.order_line.ids,
            {"product_uom_qty": 2000},
            context=HOSTILE_CONTEXT,
        )
        self.assertRefused(
            self.salesperson,
            "sale.order",
            "action_confirm",
            self.waiting.ids,
            context=HOSTILE_CONTEXT,
            says="waiting for approval",
        )
        self.assertUnchanged(self.waiting, before)
        held = self.snapshot(self.held)
        self.rpc(
            self.salesperson,
            "sale.order",
            "action_confirm",
            self.held.ids,
            context=HOSTILE_CONTEXT,
        )
        self.assertUnchanged(self.held, held)

    def test_private_methods_cannot_be_called_over_rpc(self):
        before = self.snapshot(self.waiting)
        held = self.snapshot(self.held)
        for method, args in (
            ("_gate_confirm", [self.waiting.ids]),
            ("_apply_gate_decisions", [[]]),
            ("_get_gate_decisions", []),
            ("_submit_for_approval", [[], []]),
            ("_record_decision", [False, "approved"]),
            ("_allow_state_change", []),
            ("_action_confirm", []),
            ("_lift_credit_hold", []),
            ("_credit_check", []),
            ("_put_on_credit_hold", [{}]),
        ):
            for order in (self.waiting, self.held):
                self.assertRefused(
                    self.salesperson,
                    "sale.order",
                    method,
                    order.ids,
                    *args,
                    codes=ACCESS_ERROR,
                    says="cannot be called remotely",
                )
        self.assertJsonRefused(
            self.salesperson,
            "sale.order",
            "_gate_confirm",
            self.waiting.ids,
            self.waiting.ids,
            error="AccessError",
        )
        self.assertUnchanged(self.waiting, before)
        self.assertUnchanged(self.held, held)

    def test_import_cannot_create_confirmed_orders(self):
        Order = self.env["sale.order"]
        count = Order.search_count([])
        for state in ("sale", "to_approve"):
            result = self.rpc(
                self.salesperson,
                "sale.order",
                "load",
                ["partner_id/.id", "state", "order_line/product_id/.id"],
                [[str(self.customer.id), state, str(self.product.id)]],
            )
            self.assertFalse(result["ids"], result)
            self.assertTrue(
                any(m["type"] == "error" for m in result["messages"]), result
            )
        # Nor update the state of an existing order.
        result = self.rpc(
            self.salesperson,
            "sale.order",
            "load",
            [".id", "state"],
            [[str(self.quotation.id), "sale"]],
        )
        self.assertFalse(result["ids"], result)
        self.assertEqual(Order.search_count([]), count)
        self.assertEqual(self.snapshot(self.quotation)["state"], "draft")

    def test_server_actions_cannot_be_created_by_non_administrators(self):
        model = self.env["ir.model"]._get("sale.order")
        for user in (self.salesperson, self.approver, self.accountant, self.clerk):
            self.assertRefused(
                user,
                "ir.actions.server",
                "create",
                {
                    "name": "Confirm quietly",
                    "model_id": model.id,
                    "state": "code",
                    "code": "records.write({'state': 'sale'})",
                },
                codes=ACCESS_ERROR,
            )
        self.assertFalse(
            self.env["ir.actions.server"].search([("name", "=", "Confirm quietly")])
        )

    def test_server_action_of_an_administrator_still_goes_through_the_gate(self):
        # An administrator's "update the record" server action writing the state is
        # refused like any write.
        action = self.env["ir.actions.server"].create(
            {
                "name": "Set to sales order",
                "model_id": self.env["ir.model"]._get("sale.order").id,
                "state": "code",
                "code": "records.write({'state': 'sale'})",
            }
        )
        before = self.snapshot(self.quotation)
        self.assertRefused(
            self.administrator,
            "ir.actions.server",
            "run",
            action.ids,
            context={
                "active_model": "sale.order",
                "active_id": self.quotation.id,
                "active_ids": self.quotation.ids,
            },
            says="through its buttons",
        )
        self.assertUnchanged(self.quotation, before)

    def test_message_post_cannot_change_the_state(self):
        before = self.snapshot(self.waiting)
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc(
                self.salesperson,
                "sale.order",
                "message_post",
                self.waiting.ids,
                body="Confirmed by phone",
                state="sale",
            )
        self.assertUnchanged(self.waiting, before)

    def test_portal_user_cannot_confirm_someone_elses_order(self):
        for order in (self.quotation, self.waiting, self.held):
            before = self.snapshot(order)
            self.assertRefused(
                self.portal_user,
                "sale.order",
                "action_confirm",
                order.ids,
                codes=ACCESS_ERROR,
            )
            self.assertRefused(
                self.portal_user,
                "sale.order",
                "write",
                order.ids,
                {"state": "sale"},
                codes=ACCESS_ERROR,
            )
            self.assertUnchanged(order, before)

    def test_other_salesperson_cannot_confirm_withdraw_or_extend_an_order(self):
        before = self.snapshot(self.waiting)
        for method in ("action_confirm", "action_draft", "action_cancel"):
            self.assertRefused(
                self.other_salesperson,
                "sale.order",
                method,
                self.waiting.ids,
                codes=ACCESS_ERROR,
            )
        self.assertRefused(
            self.other_salesperson,
            "sale.order.line",
            "create",
            {
                "order_id": self.quotation.id,
                "product_id": self.product.id,
                "product_uom_qty": 1000,
            },
            codes=ACCESS_ERROR,
        )
        self.assertUnchanged(self.waiting, before)
        self.assertEqual(len(self.quotation.order_line), 1)

    # === 2. WHAT THE DECISION PROTECTS CANNOT CHANGE ===

    def test_waiting_order_line_quantities_and_prices_are_frozen(self):
        before = self.snapshot(self.waiting)
        line = self.waiting.order_line
        for vals in (
            {"product_packaging_qty": 200},
            {"product_uom_qty": 2000},
            {"price_unit": 1000.0},
            {"discount": 50.0},
            {"product_packaging_id": False},
            {"product_uom": self.env.ref("uom.product_uom_dozen").id},
            # What was approved ships on the order's date: a later one is a change too.
            {"delivery_date": "2099-01-01 00:00:00"},
        ):
            for user in (self.salesperson, self.accountant, self.clerk):
                self.assertRefused(user, "sale.order.line", "write", line.ids, vals)
        self.assertUnchanged(self.waiting, before)
        # The first level's approval then confirms what was submitted: 2,000.
        self.approve_over_rpc(self.approver, self.waiting)
        after = self.snapshot(self.waiting)
        self.assertEqual((after["state"], after["amount_total"]), ("sale", 2000.0))

    def test_waiting_order_refuses_new_lines_and_deleted_lines(self):
        before = self.snapshot(self.waiting)
        self.assertRefused(
            self.salesperson,
            "sale.order.line",
            "create",
            {"order_id": self.waiting.id, "product_id": self.product.id},
            says="waiting for approval",
        )
        self.assertRefused(
            self.salesperson,
            "sale.order",
            "write",
            self.waiting.ids,
            {"order_line": [(0, 0, {"product_id": self.product.id})]},
        )
        self.assertRefused(
            self.salesperson,
            "sale.order.line",
            "unlink",
            self.waiting.order_line.ids,
        )
        self.assertUnchanged(self.waiting, before)

    def test_approved_locked_order_refuses_new_lines_deleted_lines_and_packaging(self):
        before = self.snapshot(self.locked)
        line = self.locked.order_line
        for user in (self.salesperson, self.accountant, self.clerk):
            self.assertRefused(
                user,
                "sale.order.line",
                "create",
                {
                    "order_id": self.locked.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 100,
                },
            )
            self.assertRefused(user, "sale.order.line", "unlink", line.ids)
            for vals in (
                {"product_packaging_id": self.box.id, "product_packaging_qty": 100},
                {"product_uom_qty": 150},
                {"price_unit": 1.0},
                {"delivery_date": "2099-01-01 00:00:00"},
            ):
                self.assertRefused(user, "sale.order.line", "write", line.ids, vals)
        self.assertUnchanged(self.locked, before)

    def test_salesperson_cannot_unlock_an_approved_order(self):
        before = self.snapshot(self.locked)
        for user in (self.salesperson, self.accountant, self.approver):
            self.assertRefused(user, "sale.order", "action_unlock", self.locked.ids)
            self.assertRefused(
                user, "sale.order", "write", self.locked.ids, {"locked": False}
            )
        self.assertUnchanged(self.locked, before)

    def test_approval_trail_cannot_be_created_edited_or_deleted(self):
        before = self.snapshot(self.big)
        step = self.current_step(self.big)
        for user in (self.salesperson, self.approver, self.director, self.accountant):
            self.assertRefused(
                user,
                "sale.order.approval",
                "create",
                {
                    "order_id": self.big.id,
                    "name": "Forged",
                    "group_id": self.env.ref("base.group_user").id,
                    "state": "approved",
                },
                codes=ACCESS_ERROR,
            )
            self.assertRefused(
                user,
                "sale.order.approval",
                "write",
                step.ids,
                {"state": "approved"},
                codes=ACCESS_ERROR,
            )
            self.assertRefused(
                user, "sale.order.approval", "unlink", step.ids, codes=ACCESS_ERROR
            )
        # Nor through the order: its steps, or what the approval process records.
        for vals in (
            {"approval_ids": [(1, step.id, {"state": "approved"})]},
            {"approval_ids": [(2, step.id)]},
            {"review_summary": "Nothing to review"},
            {"date_submitted": False},
            {"approval_send_email": False},
        ):
            self.assertRefused(
                self.salesperson, "sale.order", "write", self.big.ids, vals
            )
        self.assertUnchanged(self.big, before)

    def test_process_activities_are_changed_by_their_assignees_only(self):
        # Readers of an order may post on it (approvers, controllers), which in Odoo also
        # lets them edit its activities: not those the process gives someone.
        hold = self.held._get_credit_activities()
        approval = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", self.waiting.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("sale_order_flow.mail_activity_sale_approval").id,
                ),
            ]
        )
        self.assertTrue(hold and approval)
        self.assertNotIn(self.approver, hold.user_id)
        before = {a.id: (a.user_id, a.date_deadline) for a in hold | approval}
        later = fields.Date.to_string(fields.Date.today() + timedelta(days=60))
        for user, activities in (
            (self.salesperson, hold | approval),
            (self.other_salesperson, approval),
            (self.approver, hold),
            (self.clerk, hold | approval),
        ):
            for method, args in (
                ("unlink", ()),
                ("write", ({"date_deadline": later, "user_id": user.id},)),
                ("action_feedback", ()),
            ):
                self.assertRefused(user, "mail.activity", method, activities.ids, *args)
        self.env.invalidate_all()
        self.assertEqual(
            {a.id: (a.user_id, a.date_deadline) for a in (hold | approval).exists()},
            before,
        )
        # Their assignees still do (the controller marks the hold seen), and anyone who
        # may post still schedules and deletes activities of their own.
        controller_hold = hold.filtered(lambda a: a.user_id == self.controller)
        self.rpc(
            self.controller,
            "mail.activity",
            "write",
            controller_hold.ids,
            {"date_deadline": later},
        )
        self.assertEqual(fields.Date.to_string(controller_hold.date_deadline), later)
        todo = self.rpc(
            self.salesperson,
            "mail.activity",
            "create",
            {
                "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                "res_id": self.held.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                "summary": "Call the customer about the hold",
                "user_id": self.salesperson.id,
            },
        )
        self.rpc(self.salesperson, "mail.activity", "unlink", [todo])
        self.assertFalse(self.env["mail.activity"].browse(todo).exists())

    # === 3. THE EXPOSURE CANNOT BE GAMED ===

    def test_owner_cannot_lower_the_exposure_by_writing_computed_fields(self):
        order = self.confirmed
        before = self.snapshot(order)
        for vals in (
            {"invoice_status": "invoiced"},
            {"currency_rate": 1000000.0},
            {"amount_total": 0.0},
            {"amount_untaxed": 0.0},
            {"amount_tax": -500.0},
            {"credit_uninvoiced_amount": 0.0},
        ):
            for user in (self.salesperson, self.accountant):
                self.assertRefused(user, "sale.order", "write", order.ids, vals)
        for vals in (
            {"qty_invoiced": 5.0},
            {"qty_to_invoice": 0.0},
            {"price_total": 0.0},
            {"price_subtotal": 0.0},
            {"price_tax": -500.0},
            {"untaxed_amount_invoiced": 500.0},
            {"untaxed_amount_to_invoice": 0.0},
            {"invoice_status": "invoiced"},
            {"is_downpayment": True},
        ):
            for user in (self.salesperson, self.accountant, self.clerk):
                self.assertRefused(
                    user, "sale.order.line", "write", order.order_line.ids, vals
                )
        self.assertUnchanged(order, before)
        self.assertEqual(self.exposure(self.tight), 500.0)
        # So a second order over the limit (500 + 600 > 1,000) is still held.
        second = self.new_order_over_rpc(self.salesperson, self.tight, 6)
        self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, second))

    def test_owner_cannot_lower_the_exposure_by_linking_invoice_lines(self):
        # A posted invoice of another order for 5 cabinets: linking its line to the
        # confirmed order's line would make that order look invoiced.
        other = self._order(self.env.user, self.customer, 5)
        other.action_confirm()
        other.order_line.qty_delivered = 5
        invoice = other._create_invoices()
        invoice.action_post()
        invoice_line = invoice.invoice_line_ids
        before = self.snapshot(self.confirmed)
        for user in (self.salesperson, self.clerk):
            self.assertRefused(
                user,
                "sale.order.line",
                "write",
                self.confirmed.order_line.ids,
                {"invoice_lines": [(4, invoice_line.id)]},
            )
        self.assertUnchanged(self.confirmed, before)
        self.assertEqual(self.exposure(self.tight), 500.0)

    def test_confirmed_order_cannot_grow_past_approval_and_credit(self):
        # 500 confirmed without approval: raising it to 50,000 afterwards would skip both
        # approval levels and the credit limit of 1,000.
        before = self.snapshot(self.confirmed)
        line = self.confirmed.order_line
        for user in (self.salesperson, self.accountant, self.clerk):
            for vals in ({"product_uom_qty": 500}, {"price_unit": 10000.0}):
                self.assertRefused(user, "sale.order.line", "write", line.ids, vals)
            self.assertRefused(
                user,
                "sale.order.line",
                "create",
                {
                    "order_id": self.confirmed.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 500,
                },
            )
        self.assertUnchanged(self.confirmed, before)
        self.assertEqual(self.exposure(self.tight), 500.0)

    def test_confirmed_order_cannot_grow_by_taking_a_line_of_a_quotation(self):
        # A line of 50,000 typed on a quotation, then moved into the confirmed order.
        quotation = self.new_order_over_rpc(self.salesperson, self.tight, 500)
        before = self.snapshot(self.confirmed)
        self.assertRefused(
            self.salesperson,
            "sale.order.line",
            "write",
            quotation.order_line.ids,
            {"order_id": self.confirmed.id},
            says="Put the change in a new quotation",
        )
        self.assertRefused(
            self.salesperson,
            "sale.order",
            "write",
            self.confirmed.ids,
            {"order_line": [(4, quotation.order_line.id)]},
        )
        self.assertUnchanged(self.confirmed, before)
        self.assertEqual(self.exposure(self.tight), 500.0)

    def test_confirmed_order_cannot_change_customer_currency_or_company(self):
        # Confirmed for a customer in good standing, then moved to a held customer, to a
        # pricelist in another currency, another company, or a date of other rates.
        order = self._order(self.salesperson, self.customer, 5)
        order.with_user(self.salesperson).action_confirm()
        gold = self.env.ref("base.KWD")
        gold.active = True
        pricelist = self.env["product.pricelist"].create(
            {"name": "Gold", "currency_id": gold.id}
        )
        before = self.snapshot(order)
        for user in (self.salesperson, self.accountant, self.clerk):
            for vals in (
                {"partner_id": self.frozen_contact.id},
                {"partner_id": self.tight.id},
                {"pricelist_id": pricelist.id},
                {"company_id": self.company_b.id},
                {"date_order": "2001-01-01 00:00:00"},
            ):
                self.assertRefused(user, "sale.order", "write", order.ids, vals)
        self.assertUnchanged(order, before)

    def test_confirmed_order_cannot_be_cut_below_cost_afterwards(self):
        # Confirmed at 100 per unit without review; then 1 per unit, or a discount line
        # of 95 %, would sell below the cost of 50 without anybody reviewing it.
        before = self.snapshot(self.confirmed)
        for user in (self.salesperson, self.accountant):
            self.assertRefused(
                user,
                "sale.order.line",
                "write",
                self.confirmed.order_line.ids,
                {"price_unit": 1.0},
                says="below its cost",
            )
            self.assertRefused(
                user,
                "sale.order.line",
                "create",
                {
                    "order_id": self.confirmed.id,
                    "product_id": self.discount_product.id,
                    "price_unit": -475.0,
                },
                says="below its cost",
            )
        self.assertUnchanged(self.confirmed, before)

    def test_confirmed_order_still_takes_changes_the_gate_would_let_through(self):
        # A confirmed order of a customer in good standing takes a small extra line and
        # a lower quantity, as in standard Odoo.
        order = self._order(self.salesperson, self.customer, 5)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.rpc(
            self.salesperson,
            "sale.order.line",
            "create",
            {"order_id": order.id, "product_id": self.product.id, "product_uom_qty": 2},
        )
        self.rpc(
            self.salesperson,
            "sale.order.line",
            "write",
            order.order_line[:1].ids,
            {"product_uom_qty": 3},
        )
        self.assertEqual(self.snapshot(order)["amount_total"], 500.0)
        # What a delivery adds beyond the order (Odoo: a line without ordered quantity,
        # free when the product is invoiced on order) is not refused, and does not stop
        # later changes.
        self.rpc(
            self.salesperson,
            "sale.order.line",
            "create",
            {
                "order_id": order.id,
                "product_id": self.product.id,
                "product_uom_qty": 0,
                "price_unit": 0,
            },
        )
        self.rpc(
            self.salesperson,
            "sale.order.line",
            "write",
            order.order_line[:1].ids,
            {"price_unit": 95.0},
        )
        self.assertEqual(self.snapshot(order)["amount_total"], 485.0)

    def test_readers_cannot_edit_or_confirm_orders_they_only_read(self):
        # Approvers read the orders waiting for them, credit controllers the orders of
        # their companies: neither may edit or confirm them.
        for user, order in (
            (self.approver, self.waiting),
            (self.controller, self.quotation),
            (self.controller, self.held),
        ):
            before = self.snapshot(order)
            self.assertTrue(self.rpc(user, "sale.order", "read", order.ids, ["name"]))
            self.assertRefused(
                user,
                "sale.order",
                "write",
                order.ids,
                {"note": "Edited"},
                codes=ACCESS_ERROR,
            )
            self.assertRefused(
                user, "sale.order", "action_confirm", order.ids, codes=ACCESS_ERROR
            )
            # Cancelling opens Odoo's dialog (orders not in draft) or is refused; setting
            # back to quotation only applies to some states: either way, nothing moves.
            for method in ("action_cancel", "action_draft"):
                try:
                    self.rpc(user, "sale.order", method, order.ids)
                except xmlrpc.client.Fault as fault:
                    self.assertIn(fault.faultCode, REFUSED, fault.faultString[-300:])
                self.assertUnchanged(order, before)
            self.assertRefused(
                user,
                "sale.order.line",
                "write",
                order.order_line.ids,
                {"price_unit": 1.0},
                codes=ACCESS_ERROR,
            )
            self.assertUnchanged(order, before)

    def test_cancelling_a_held_order_and_confirming_it_again_holds_it_again(self):
        self.rpc(self.salesperson, "sale.order", "action_cancel", self.held.ids)
        self.assertFalse(self.snapshot(self.held)["credit_hold"])
        self.rpc(self.salesperson, "sale.order", "action_draft", self.held.ids)
        self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, self.held))

    # === 4. DISCOUNTS ARE REVIEWED AT THE ORDER LEVEL ===

    def test_discount_line_does_not_escape_the_price_review(self):
        # 60 x 100 with a discount line of 95 %: 5 per unit against a cost of 50.
        order = self.new_order_over_rpc(
            self.salesperson, self.customer, 60, (self.discount_product, 1, -5700.0)
        )
        self.confirm_over_rpc(self.salesperson, order)
        after = self.snapshot(order)
        self.assertEqual(after["state"], "to_approve", "reviewed, not confirmed")
        self.assertEqual(after["amount_total"], 300.0)
        self.assertIn("below its cost", order.review_summary)
        self.assertFalse(after["pickings"])

    def test_negative_order_does_not_lower_the_exposure(self):
        # -9,000: reviewed (it pays the customer), then approved.
        order = self.new_order_over_rpc(
            self.salesperson, self.tight, 10, (self.discount_product, 1, -10000.0)
        )
        self.confirm_over_rpc(self.salesperson, order)
        self.assertEqual(self.snapshot(order)["state"], "to_approve")
        self.assertIn("pays the customer", order.review_summary)
        self.approve_over_rpc(self.approver, order)
        self.assertEqual(self.snapshot(order)["state"], "sale")
        self.assertEqual(self.exposure(self.tight), 500.0)
        # 500 + 900 > 1,000: held.
        second = self.new_order_over_rpc(self.salesperson, self.tight, 9)
        self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, second))

    # === 5. RELEASE IN SCOPE ===

    def test_controller_of_another_company_cannot_release_a_held_order(self):
        before = self.snapshot(self.held)
        self.assertRefused(
            self.controller_b,
            "sale.order",
            "action_credit_release",
            self.held.ids,
            note="Mine now",
            codes=ACCESS_ERROR,
        )
        self.assertJsonRefused(
            self.controller_b,
            "sale.order",
            "action_credit_release",
            self.held.ids,
            error="AccessError",
        )
        # Nor through the release dialog: the orders it cannot read are not in it.
        wizard_id = self.rpc(
            self.controller_b,
            "sale.credit.release.wizard",
            "create",
            {"order_ids": [(6, 0, self.held.ids)], "note": "Mine now"},
        )
        self.assertFalse(
            self.rpc(
                self.controller_b,
                "sale.credit.release.wizard",
                "read",
                [wizard_id],
                ["order_ids"],
            )[0]["order_ids"]
        )
        self.rpc(
            self.controller_b,
            "sale.credit.release.wizard",
            "action_release",
            [wizard_id],
        )
        self.assertUnchanged(self.held, before)
        # And the controller of company A may not release company B's order.
        before_b = self.snapshot(self.held_b)
        self.assertRefused(
            self.controller,
            "sale.order",
            "action_credit_release",
            self.held_b.ids,
            codes=ACCESS_ERROR,
        )
        self.assertUnchanged(self.held_b, before_b)

    def test_release_of_an_order_not_on_hold_is_refused(self):
        for order in (self.quotation, self.confirmed, self.waiting):
            before = self.snapshot(order)
            self.assertRefused(
                self.controller,
                "sale.order",
                "action_credit_release",
                order.ids,
                says="not on credit hold",
            )
            self.assertUnchanged(order, before)

    def test_salespeople_and_accountants_cannot_release_over_jsonrpc(self):
        before = self.snapshot(self.held)
        for user in (self.salesperson, self.accountant, self.approver, self.clerk):
            self.assertJsonRefused(
                user,
                "sale.order",
                "action_credit_release",
                self.held.ids,
                error="AccessError",
            )
            self.assertRefused(
                user,
                "sale.order",
                "write",
                self.held.ids,
                {"credit_hold": False},
                codes=ACCESS_ERROR,
            )
        self.assertUnchanged(self.held, before)

    def test_held_order_cannot_be_moved_to_another_company_or_customer_to_escape(self):
        before = self.snapshot(self.held)
        self.assertRefused(
            self.salesperson,
            "sale.order",
            "write",
            self.held.ids,
            {"company_id": self.company_b.id},
        )
        self.assertUnchanged(self.held, before)

    def test_release_does_not_follow_the_order_into_another_currency(self):
        # Released for 1,500, submitted, withdrawn; then moved to a pricelist in a
        # currency worth a thousand times more: its lines still say 1,500.
        gold = self.env.ref("base.KWD")
        gold.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": gold.id, "rate": 0.001, "company_id": self.company.id}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Gold", "currency_id": gold.id}
        )
        self.rpc(
            self.controller,
            "sale.order",
            "action_credit_release",
            self.held.ids,
            note="For 1,500",
        )
        self.rpc(self.salesperson, "sale.order", "action_draft", self.held.ids)
        self.rpc(
            self.salesperson,
            "sale.order",
            "write",
            self.held.ids,
            {"pricelist_id": pricelist.id},
        )
        moved = self.snapshot(self.held)
        self.assertEqual(moved["amount_total"], 1500.0)
        self.assertFalse(moved["credit_release_date"], "the release is withdrawn")
        self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, self.held))

    def test_held_and_waiting_orders_cannot_be_deleted_by_salespeople(self):
        for order in (self.held, self.waiting, self.confirmed):
            before = self.snapshot(order)
            for user in (self.salesperson, self.accountant, self.controller):
                self.assertRefused(
                    user, "sale.order", "unlink", order.ids, codes=ACCESS_ERROR
                )
            self.assertUnchanged(order, before)

    # === 6. THE MANUAL HOLD FOLLOWS THE COMMERCIAL ENTITY ===

    def test_contact_of_held_customer_cannot_escape_by_changing_company(self):
        contact = self.frozen_contact
        for vals in (
            {"parent_id": self.free_company.id},
            {"parent_id": False},
            {"is_company": True},
        ):
            self.assertRefused(
                self.salesperson,
                "res.partner",
                "write",
                contact.ids,
                vals,
                codes=ACCESS_ERROR,
                says="credit hold",
            )
        self.assertRefused(
            self.salesperson,
            "res.partner",
            "write",
            self.frozen.ids,
            {"is_company": False, "parent_id": self.free_company.id},
            codes=ACCESS_ERROR,
        )
        self.env.invalidate_all()
        self.assertEqual(contact.commercial_partner_id, self.frozen)
        # An order of the contact is still held.
        order = self.new_order_over_rpc(self.salesperson, contact, 1)
        self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, order))

    def test_held_customer_cannot_be_invoiced_through_someone_elses_order(self):
        # A new contact outside the held company orders; the held company is invoiced.
        stranger = self.rpc(
            self.salesperson, "res.partner", "create", {"name": "Ivan Outsider"}
        )
        for invoice_address in (self.frozen, self.frozen_contact):
            order = self.new_order_over_rpc(
                self.salesperson,
                self.env["res.partner"].browse(stranger),
                1,
                partner_invoice_id=invoice_address.id,
            )
            self.assertHeldQuotation(self.confirm_over_rpc(self.salesperson, order))
            self.assertIn("invoiced for this order", order.credit_hold_reason)

    def test_contact_of_held_customer_cannot_be_taken_by_another_company(self):
        # The same move from the other side: the free company adopts the contact.
        self.assertRefused(
            self.salesperson,
            "res.partner",
            "write",
            self.free_company.ids,
            {"child_ids": [(4, self.frozen_contact.id)]},
            codes=ACCESS_ERROR,
            says="credit hold",
        )
        self.env.invalidate_all()
        self.assertEqual(self.frozen_contact.parent_id, self.frozen)

    def test_no_company_can_be_created_under_a_held_customer(self):
        self.assertRefused(
            self.salesperson,
            "res.partner",
            "create",
            {
                "name": "Frozen Subsidiary",
                "is_company": True,
                "parent_id": self.frozen.id,
            },
            codes=ACCESS_ERROR,
        )

    # === 7. A RELEASED ORDER CONTINUES WHERE IT STOOD ===

    def test_order_approved_then_held_continues_once_released(self):
        order = self.new_order_over_rpc(self.salesperson, self.customer, 15)
        self.confirm_over_rpc(self.salesperson, order)
        # The customer's limit falls while the order waits: held at the last approval.
        self.customer.credit_limit = 100.0
        self.approve_over_rpc(self.approver, order)
        held = self.snapshot(order)
        self.assertEqual((held["state"], held["credit_hold"]), ("to_approve", True))
        self.assertEqual([a[1] for a in held["approvals"]], ["approved"])
        self.call_kw(
            self.controller,
            "sale.order",
            "action_credit_release",
            order.ids,
            note="Paid in advance",
        )
        after = self.snapshot(order)
        self.assertEqual((after["state"], after["credit_hold"]), ("sale", False))
        self.assertTrue(after["locked"] and after["approval_confirmed"])
        self.assertEqual(after["approvals"], held["approvals"], "no new approval round")

    def test_order_held_at_submission_goes_to_approval_once_released(self):
        self.rpc(
            self.controller,
            "sale.order",
            "action_credit_release",
            self.held.ids,
            note="Guaranteed",
        )
        after = self.snapshot(self.held)
        self.assertEqual((after["state"], after["credit_hold"]), ("to_approve", False))
        self.assertIn(self.held, self.waiting_for(self.approver))

    def test_warehouse_user_cannot_ship_a_held_order_by_unlinking_its_delivery(self):
        # Credit checked again on delivery; the tight customer's limit falls below the
        # confirmed order. Unlinking the delivery from its order (or linking it to
        # another) would skip the check: the goods would leave anyway.
        self.company.credit_check_on_delivery = True
        self._set_stock(10)
        self.tight.credit_limit = 100.0
        picking = self.confirmed.picking_ids
        self.rpc(self.clerk, "stock.picking", "action_assign", picking.ids)
        for sale_id in (False, self.locked.id):
            self.env.invalidate_all()
            with self.subTest(sale_id=sale_id):
                self.rpc(
                    self.clerk,
                    "stock.picking",
                    "write",
                    picking.ids,
                    {"sale_id": sale_id},
                )
                self.rpc(
                    self.clerk,
                    "stock.move",
                    "write",
                    picking.move_ids.ids,
                    {"quantity": 5, "picked": True},
                )
                result = self.rpc(
                    self.clerk, "stock.picking", "button_validate", picking.ids
                )
                self.env.invalidate_all()
                self.assertEqual(result["tag"], "display_notification", result)
                self.assertNotEqual(picking.state, "done")
                self.assertTrue(self.confirmed.credit_hold)

    # === 8. NO PATH DEPENDS ON THE USER'S EMAIL ===

    def test_users_without_email_submit_reject_hold_and_release(self):
        submitted = self.new_order_over_rpc(self.mute_salesperson, self.customer, 15)
        self.confirm_over_rpc(self.mute_salesperson, submitted)
        self.assertEqual(self.snapshot(submitted)["state"], "to_approve")
        self.rpc(
            self.mute_approver,
            "sale.order",
            "action_reject",
            submitted.ids,
            "Too expensive",
            approval_ids=self.current_step(submitted).ids,
        )
        self.assertEqual(self.snapshot(submitted)["state"], "draft")
        held = self.new_order_over_rpc(self.mute_salesperson, self.tight, 6)
        result = self.call_kw(
            self.mute_salesperson, "sale.order", "action_confirm", held.ids
        )
        self.assertEqual(result["res_model"], "sale.credit.hold.wizard")
        self.assertTrue(self.snapshot(held)["credit_hold"])
        self.rpc(
            self.mute_controller,
            "sale.order",
            "action_credit_release",
            held.ids,
            note="Known customer",
        )
        after = self.snapshot(held)
        self.assertEqual((after["state"], after["credit_hold"]), ("sale", False))

    # === 9. APPROVE THE STEP YOU SAW ===

    def test_director_approving_twice_never_approves_the_second_level(self):
        order = self.big
        first = self.current_step(order)
        self.rpc(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=first.ids,
        )
        before = self.snapshot(order)
        self.assertEqual(
            [a[1] for a in before["approvals"]], ["approved", "pending"], "level 1"
        )
        # The same click again (double click, retried request): refused.
        self.assertRefused(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=first.ids,
            says="already approved by Dana Director",
        )
        self.assertJsonRefused(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=first.ids,
            error="UserError",
        )
        # Both levels in one call: refused.
        self.assertRefused(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=order.approval_ids.ids,
            codes=USER_ERROR,
        )
        # Without saying which step: refused too.
        self.assertRefused(
            self.director, "sale.order", "action_approve", order.ids, codes=USER_ERROR
        )
        # Rejecting the step already approved: refused.
        self.assertRefused(
            self.director,
            "sale.order",
            "action_reject",
            order.ids,
            "Changed my mind",
            approval_ids=first.ids,
            says="already approved",
        )
        self.assertUnchanged(order, before)
        self.assertEqual(self.snapshot(order)["state"], "to_approve")

    def test_approve_dialog_submitted_twice_approves_one_level(self):
        order = self.big
        action = self.rpc(
            self.director, "sale.order", "action_open_approve_wizard", order.ids
        )
        wizard_id = self.rpc(
            self.director,
            "sale.order.approve.wizard",
            "create",
            {
                "order_ids": [(6, 0, order.ids)],
                "approval_ids": [(6, 0, action["context"]["default_approval_ids"])],
            },
        )
        self.rpc(
            self.director, "sale.order.approve.wizard", "action_approve", [wizard_id]
        )
        before = self.snapshot(order)
        self.assertRefused(
            self.director,
            "sale.order.approve.wizard",
            "action_approve",
            [wizard_id],
            says="already approved",
        )
        self.assertUnchanged(order, before)
        self.assertEqual([a[1] for a in before["approvals"]], ["approved", "pending"])

    def test_second_level_cannot_be_approved_before_the_first(self):
        order = self.big
        before = self.snapshot(order)
        second = order.approval_ids.filtered(lambda a: not a.is_current)
        self.assertRefused(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=second.ids,
            says="not the step waiting",
        )
        # A step of another order does not stand for this one.
        self.assertRefused(
            self.director,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=self.current_step(self.waiting).ids,
            codes=USER_ERROR,
        )
        self.assertUnchanged(order, before)

    def test_approver_of_the_first_level_cannot_approve_the_second(self):
        order = self.big
        self._approve_now(order, self.approver)
        before = self.snapshot(order)
        self.assertRefused(
            self.approver,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=self.current_step(order).ids,
            codes=ACCESS_ERROR,
        )
        self.assertUnchanged(order, before)

    def test_salesperson_cannot_approve_or_reject_their_own_order(self):
        before = self.snapshot(self.waiting)
        step = self.current_step(self.waiting)
        for user in (self.salesperson, self.other_salesperson, self.accountant):
            self.assertRefused(
                user,
                "sale.order",
                "action_approve",
                self.waiting.ids,
                approval_ids=step.ids,
                codes=ACCESS_ERROR,
            )
            self.assertRefused(
                user,
                "sale.order",
                "action_reject",
                self.waiting.ids,
                "No",
                approval_ids=step.ids,
                codes=ACCESS_ERROR,
            )
        self.assertUnchanged(self.waiting, before)

    def test_only_administrators_change_tiers_types_and_checks(self):
        standard = self.env.ref("sale_order_flow.sale_order_type_standard")
        for user in (self.salesperson, self.approver, self.director, self.accountant):
            for model, record, vals in (
                ("sale.approval.tier", self.tier_2, {"min_amount": 1e9}),
                ("sale.approval.tier", self.tier_1, {"active": False}),
                ("sale.order.type", standard, {"always_approve": False}),
                ("res.company", self.company, {"sale_check_below_cost": False}),
                ("res.company", self.company, {"credit_hold_orders": False}),
            ):
                self.assertRefused(
                    user, model, "write", record.ids, vals, codes=ACCESS_ERROR
                )
            self.assertRefused(
                user,
                "sale.approval.tier",
                "unlink",
                self.tier_2.ids,
                codes=ACCESS_ERROR,
            )
        self.env.invalidate_all()
        self.assertEqual(self.tier_2.min_amount, 10000.0)
        self.assertTrue(self.company.sale_check_below_cost)
        self.assertTrue(self.company.credit_hold_orders)

    # === 10. SANE NUMBERS ===

    def assertNumberRefused(self, user, record, fname, values):
        """Each of ``values`` written to ``record.fname`` over XML-RPC is refused with a
        validation error; the stored value stays."""
        record.invalidate_recordset()
        stored = record[fname]
        for value in values:
            with self.subTest(model=record._name, field=fname, value=value):
                self.assertRefused(
                    user,
                    record._name,
                    "write",
                    record.ids,
                    {fname: value},
                    codes=USER_ERROR,
                )
                record.invalidate_recordset()
                self.assertEqual(record[fname], stored)

    def test_settings_refuse_nan_infinity_huge_and_negative_numbers(self):
        bad = [math.nan, math.inf, -math.inf, 1e308, -1.0]
        admin = self.administrator
        self.assertNumberRefused(
            admin, self.company, "sale_price_tolerance", [*bad, 100.5]
        )
        self.assertNumberRefused(admin, self.company, "credit_overdue_grace_days", bad)
        self.assertNumberRefused(admin, self.tier_1, "min_amount", bad)
        self.assertNumberRefused(self.controller, self.tight, "credit_limit", bad)
        rule = self.env["stock.delay.rule"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.assertNumberRefused(admin, rule, "grace_hours", bad)
        self.assertNumberRefused(admin, rule, "level", [*bad, 0])

    def test_new_settings_records_refuse_bad_numbers(self):
        Tier = self.env["sale.approval.tier"]
        count = Tier.search_count([])
        for value in (math.nan, math.inf, -5.0):
            self.assertRefused(
                self.administrator,
                "sale.approval.tier",
                "create",
                {"name": "Broken", "sequence": 9, "min_amount": value},
                codes=USER_ERROR,
            )
            self.assertRefused(
                self.administrator,
                "res.config.settings",
                "create",
                {"sale_price_tolerance": value},
                codes=USER_ERROR,
            )
        self.assertEqual(Tier.search_count([]), count)
        self.assertJsonRefused(
            self.controller,
            "res.partner",
            "write",
            self.tight.ids,
            {"credit_limit": math.inf},
            error="ValidationError",
        )
        self.env.invalidate_all()
        self.assertEqual(self.tight.credit_limit, 1000.0)

    # === 11. PRIVATE BY DEFAULT ===

    def assertDownloadRefused(self, user, model, record_id):
        """``/web/content/<model>/<id>/file_data`` gives ``user`` no file."""
        self.authenticate(user.login, user.login)
        response = self.url_open(f"/web/content/{model}/{record_id}/file_data")
        self.assertIn(response.status_code, (403, 404), response.text[:200])
        self.assertNotIn(b"PK", response.content[:2], "no spreadsheet")

    def test_other_salesperson_cannot_read_or_download_exports(self):
        export_id = self.rpc(
            self.salesperson,
            "sale.order.xlsx.export",
            "create",
            {"order_ids": [(6, 0, self.rejected.ids)]},
        )
        self.rpc(
            self.salesperson, "sale.order.xlsx.export", "action_export", [export_id]
        )
        report = self.env["sale.credit.report.xlsx"].with_user(self.controller)
        report_url = report.action_download(self.tight)["url"]
        report_id = int(report_url.split("/")[4])
        alerts = self.env["stock.alert.xlsx.download"].with_user(self.clerk)
        alert_url = alerts._action_download(b"PK secret", "late.xlsx")["url"]
        alert_id = int(alert_url.split("/")[4])
        for model, record_id, owner in (
            ("sale.order.xlsx.export", export_id, self.salesperson),
            ("sale.credit.report.xlsx", report_id, self.controller),
            ("stock.alert.xlsx.download", alert_id, self.clerk),
        ):
            for user in (self.other_salesperson, self.mute_controller, self.approver):
                if user == owner:
                    continue
                self.assertRefused(
                    user, model, "read", [record_id], ["file_data"], codes=ACCESS_ERROR
                )
                self.assertFalse(self.found(user, model, [("id", "=", record_id)]))
                self.assertDownloadRefused(user, model, record_id)
            # The owner reads it.
            self.assertTrue(self.rpc(owner, model, "read", [record_id], ["file_data"]))

    def test_export_wizard_cannot_reach_orders_of_another_salesperson(self):
        export_id = self.rpc(
            self.other_salesperson,
            "sale.order.xlsx.export",
            "create",
            {"order_ids": [(6, 0, self.rejected.ids)]},
        )
        self.rpc(
            self.other_salesperson,
            "sale.order.xlsx.export",
            "action_export",
            [export_id],
        )
        # The orders the user cannot read are left out of the file.
        export = self.env["sale.order.xlsx.export"].browse(export_id)
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(export.file_data))) as xlsx:
            content = b"".join(xlsx.read(name) for name in xlsx.namelist())
        self.assertNotIn(self.rejected.name.encode(), content)
        self.assertNotIn(b"Margin too thin", content)

    def test_other_salesperson_cannot_read_approvals_or_rejection_reasons(self):
        steps = self.rejected.approval_ids
        self.assertIn("Margin too thin", steps.mapped("comment")[0])
        for user in (self.other_salesperson, self.portal_user, self.clerk):
            self.assertRefused(
                user,
                "sale.order.approval",
                "read",
                steps.ids,
                ["comment"],
                codes=ACCESS_ERROR,
            )
            self.assertFalse(
                self.found(
                    user, "sale.order.approval", [("order_id", "=", self.rejected.id)]
                )
            )
        # The order's own salesperson reads them.
        rows = self.rpc(
            self.salesperson, "sale.order.approval", "read", steps.ids, ["comment"]
        )
        self.assertEqual(rows[0]["comment"], "Margin too thin for this customer")

    def test_approve_and_reject_dialogs_are_read_by_their_creator_only(self):
        for model, vals in (
            ("sale.order.approve.wizard", {"comment": "Fine by me"}),
            ("sale.order.reject.wizard", {"reason": "Secret reason"}),
        ):
            wizard_id = self.rpc(
                self.director,
                model,
                "create",
                {
                    "order_ids": [(6, 0, self.big.ids)],
                    "approval_ids": [(6, 0, self.current_step(self.big).ids)],
                    **vals,
                },
            )
            self.assertRefused(
                self.approver, model, "read", [wizard_id], codes=ACCESS_ERROR
            )
            self.assertRefused(
                self.approver,
                model,
                "action_approve" if "approve" in model else "action_reject",
                [wizard_id],
                codes=ACCESS_ERROR,
            )
        self.assertEqual(
            [a[1] for a in self.snapshot(self.big)["approvals"]], ["pending", "pending"]
        )

    def test_approvers_post_on_orders_waiting_for_them(self):
        message_id = self.rpc(
            self.approver,
            "sale.order",
            "message_post",
            self.waiting.ids,
            body="Can the customer take 10 more?",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(self.env["mail.message"].browse(message_id).exists())
        # Not on an order that waits for nobody they are.
        self.assertRefused(
            self.approver,
            "sale.order",
            "message_post",
            self.others_quotation.ids,
            body="Hello",
            codes=ACCESS_ERROR,
        )
