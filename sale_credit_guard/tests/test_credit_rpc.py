# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import HttpCase, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditRpc(CreditGuardCommon, HttpCase):
    def test_rpc_confirmation_returns_the_dialog_and_keeps_the_hold(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3)
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.salesman.id,
            "credit_salesman",
            "sale.order",
            "action_confirm",
            [[order.id]],
        )
        self.assertEqual(result["res_model"], "sale.credit.hold.wizard")
        self.assertEqual(result["type"], "ir.actions.act_window")
        order.invalidate_recordset()
        # The refusal did not roll the hold back.
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.credit_hold)
        self.assertIn("1,100.00", order.credit_hold_reason)
