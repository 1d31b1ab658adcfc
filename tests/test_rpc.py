# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The key steps of order to cash over XML-RPC and JSON-RPC, against the running test server,
logged in as the real users; and what each of them must not do.

Every refusal must reach the caller as an access error (XML-RPC fault 4, JSON-RPC
``odoo.exceptions.AccessError``), and leave the data as it was.
"""

import xmlrpc.client

from o2c_common import OrderToCashCase

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR


@tagged("post_install", "-at_install")
class TestOrderToCashRpc(OrderToCashCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesperson = new_test_user(
            cls.env,
            login="o2c_sales2",
            name="Olga Other",
            groups="sales_team.group_sale_salesman",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Company"})
        cls.other_company_order = (
            cls.env["sale.order"]
            .with_company(cls.other_company)
            .create(
                {
                    "company_id": cls.other_company.id,
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        # A salesperson who also approves: may they approve their own order?
        cls.selling_approver = new_test_user(
            cls.env,
            login="o2c_selling_approver",
            name="Paul Selling Approver",
            groups="sale_order_flow.group_sale_approver",
        )

    # -- calling as a user --------------------------------------------------------------------

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC, logged in as ``user``
        (``new_test_user`` sets the password to the login)."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id, f"{user.login} logs in")
        return self.xmlrpc_object.execute_kw(
            db, uid, user.login, model, method, list(args), kwargs
        )

    def call_kw(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC, as the web client calls it,
        logged in as ``user``."""
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertAccessError(self, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(
            caught.exception.faultCode,
            ACCESS_ERROR,
            f"{user.login} {model}.{method}: {caught.exception.faultString[:300]}",
        )

    def create_order_rpc(self, user, qty, **vals):
        return self.rpc(
            user,
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                # What an RPC client sends: a plain (0, 0, values) "create" command.
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                ],
                **vals,
            },
        )

    def current_step_ids(self, order_id):
        """The approval step waiting now on the order: what the Approve dialog passes."""
        order = self.env["sale.order"].browse(order_id)
        order.invalidate_recordset()
        return order.approval_ids.filtered("is_current").ids

    def read_order(self, order_id, fields):
        order = self.env["sale.order"].browse(order_id)
        order.invalidate_recordset()
        return order.read(fields)[0]

    # -- the story ----------------------------------------------------------------------------

    def test_order_to_cash_over_xmlrpc(self):
        # Salesperson: a 1,500 order (tier 1) is submitted, not confirmed.
        order_id = self.create_order_rpc(self.salesperson, qty=15)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        self.assertEqual(self.read_order(order_id, ["state"])["state"], "to_approve")

        # Approver: sees it in their queue and approves it; it is confirmed and locked.
        waiting = self.rpc(
            self.approver,
            "sale.order",
            "search",
            [("is_waiting_my_approval", "=", True)],
        )
        self.assertIn(order_id, waiting)
        self.rpc(
            self.approver,
            "sale.order",
            "action_approve",
            [order_id],
            approval_ids=self.current_step_ids(order_id),
        )
        order = self.read_order(order_id, ["state", "locked", "picking_ids"])
        self.assertEqual((order["state"], order["locked"]), ("sale", True))

        # Warehouse user: ships everything.
        self._set_stock(15)
        picking_id = order["picking_ids"][0]
        self.rpc(self.clerk, "stock.picking", "action_assign", [picking_id])
        result = self.rpc(self.clerk, "stock.picking", "button_validate", [picking_id])
        self.assertIs(result, True)
        self.assertEqual(self.env["stock.picking"].browse(picking_id).state, "done")

        # Accountant: invoices the delivered goods and posts the invoice. The invoicing
        # wizard's answer holds None values, which XML-RPC cannot carry: like the web client,
        # it goes over JSON-RPC.
        wizard_id = self.rpc(
            self.accountant,
            "sale.advance.payment.inv",
            "create",
            {"advance_payment_method": "delivered", "sale_order_ids": [order_id]},
        )
        self.call_kw(
            self.accountant, "sale.advance.payment.inv", "create_invoices", [wizard_id]
        )
        invoice = self.env["sale.order"].browse(order_id).invoice_ids
        self.assertEqual(len(invoice), 1)
        self.rpc(self.accountant, "account.move", "action_post", invoice.ids)
        self.assertEqual(invoice.state, "posted")
        exposure = self.rpc(
            self.accountant,
            "res.partner",
            "read",
            [self.customer.id],
            ["credit_exposure_receivable", "credit_exposure_orders"],
        )[0]
        self.assertAlmostEqual(
            exposure["credit_exposure_receivable"], invoice.amount_total
        )
        self.assertAlmostEqual(exposure["credit_exposure_orders"], 0.0)

    def test_credit_hold_and_release_over_jsonrpc(self):
        self.customer.credit_limit = 100.0
        order_id = self.create_order_rpc(self.salesperson, qty=5)
        result = self.call_kw(
            self.salesperson, "sale.order", "action_confirm", [order_id]
        )
        self.assertEqual(result["type"], "ir.actions.act_window", "the hold dialog")
        order = self.read_order(order_id, ["state", "credit_hold"])
        self.assertEqual((order["state"], order["credit_hold"]), ("draft", True))

        self.call_kw(
            self.controller,
            "sale.order",
            "action_credit_release",
            [order_id],
            note="Prepaid",
        )
        order = self.read_order(order_id, ["credit_hold", "state"])
        self.assertEqual((order["credit_hold"], order["state"]), (False, "sale"))

    # -- what each must not do ------------------------------------------------------------------

    def test_salesperson_cannot_approve_own_order(self):
        order_id = self.create_order_rpc(self.salesperson, qty=15)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        self.assertAccessError(
            self.salesperson,
            "sale.order",
            "action_approve",
            [order_id],
            approval_ids=self.current_step_ids(order_id),
        )
        self.assertEqual(self.read_order(order_id, ["state"])["state"], "to_approve")

    def test_approver_cannot_approve_own_order_when_company_forbids_it(self):
        self.company.sale_approval_forbid_self = True
        order_id = self.create_order_rpc(
            self.selling_approver, qty=15, user_id=self.selling_approver.id
        )
        self.rpc(self.selling_approver, "sale.order", "action_confirm", [order_id])
        self.assertAccessError(
            self.selling_approver,
            "sale.order",
            "action_approve",
            [order_id],
            approval_ids=self.current_step_ids(order_id),
        )
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(set(order.approval_ids.mapped("state")), {"pending"})

    def test_salesperson_cannot_release_credit_hold(self):
        self.customer.credit_limit = 100.0
        order_id = self.create_order_rpc(self.salesperson, qty=5)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        self.assertAccessError(
            self.salesperson, "sale.order", "action_credit_release", [order_id]
        )
        order = self.read_order(order_id, ["credit_hold", "state"])
        self.assertEqual((order["credit_hold"], order["state"]), (True, "draft"))

    def test_salesperson_cannot_edit_approval_records(self):
        order_id = self.create_order_rpc(self.salesperson, qty=15)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        approval = self.env["sale.order"].browse(order_id).approval_ids[:1]
        self.assertAccessError(
            self.salesperson,
            "sale.order.approval",
            "write",
            approval.ids,
            {"state": "approved"},
        )
        self.assertAccessError(
            self.salesperson, "sale.order.approval", "unlink", approval.ids
        )
        self.assertEqual(approval.state, "pending")

    def test_salesperson_cannot_forge_the_approval_trail(self):
        order_id = self.create_order_rpc(self.salesperson, qty=15)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        for vals in (
            {"approval_round": 0},
            {"approval_confirmed": True},
        ):
            self.assertAccessError(
                self.salesperson, "sale.order", "write", [order_id], vals
            )
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(
                self.salesperson, "sale.order", "write", [order_id], {"state": "sale"}
            )
        self.assertIn("through its buttons", caught.exception.faultString)
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.approval_round, 1)
        self.assertFalse(order.approval_confirmed)

    def test_salesperson_cannot_unlock_an_approved_order(self):
        order_id = self.create_order_rpc(self.salesperson, qty=15)
        self.rpc(self.salesperson, "sale.order", "action_confirm", [order_id])
        self.rpc(
            self.approver,
            "sale.order",
            "action_approve",
            [order_id],
            approval_ids=self.current_step_ids(order_id),
        )
        self.assertAccessError(
            self.salesperson,
            "sale.order",
            "write",
            [order_id],
            {"approval_confirmed": False},
        )
        with self.assertRaises(xmlrpc.client.Fault):
            self.rpc(self.salesperson, "sale.order", "action_unlock", [order_id])
        self.assertTrue(self.env["sale.order"].browse(order_id).locked)

    def test_salesperson_cannot_download_the_credit_report(self):
        self.assertAccessError(
            self.salesperson,
            "res.partner",
            "action_credit_report_xlsx",
            [self.customer.id],
        )

    def test_salesperson_cannot_edit_credit_limit(self):
        self.assertAccessError(
            self.salesperson,
            "res.partner",
            "write",
            [self.customer.id],
            {"credit_limit": 1e9},
        )
        self.assertAccessError(
            self.salesperson,
            "res.partner",
            "write",
            [self.customer.id],
            {"credit_hold": False},
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_limit, 100000.0)

    def test_salesperson_cannot_read_another_salespersons_order(self):
        order_id = self.create_order_rpc(self.other_salesperson, qty=1)
        self.assertAccessError(
            self.salesperson, "sale.order", "read", [order_id], ["name"]
        )
        self.assertNotIn(
            order_id,
            self.rpc(self.salesperson, "sale.order", "search", [("id", "=", order_id)]),
        )

    def test_nobody_reads_another_companys_orders(self):
        for user in (self.salesperson, self.approver, self.controller, self.accountant):
            self.assertAccessError(
                user, "sale.order", "read", self.other_company_order.ids, ["name"]
            )
