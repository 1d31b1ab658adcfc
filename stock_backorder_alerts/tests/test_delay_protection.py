# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rules of the delay follow-up, tried over XML-RPC as the real users: what the alert
job and the validation measure cannot be written by anybody; a rule must tell someone; a new
date is promised by the warehouse or the order's salesperson only, on a late open delivery,
for a date to come."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import BackorderAlertsCase, RpcCaseMixin

WARNING = 2  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_WARNING (UserError)


@tagged("post_install", "-at_install")
class TestDelayProtection(RpcCaseMixin, BackorderAlertsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("stock_backorder_alerts.delay_reason_supplier_late")
        cls.order = cls._create_order_as_admin()
        cls.delivery = cls.order.picking_ids
        cls.delivery.scheduled_date = fields.Datetime.now() - timedelta(hours=30)
        cls.env["stock.picking"]._cron_delay_alerts()

    @classmethod
    def _create_order_as_admin(cls):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product_a.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        return order

    def _delay_state(self):
        self.delivery.invalidate_recordset()
        return self.delivery.read(
            [
                "delay_level",
                "delay_alert_level",
                "delay_days",
                "delay_promise_date",
                "delay_reason_id",
            ]
        )[0]

    def _future(self, days=3):
        return fields.Datetime.to_string(
            fields.Datetime.now().replace(microsecond=0) + timedelta(days=days)
        )

    def test_nobody_writes_the_delay_level(self):
        before = self._delay_state()
        self.assertEqual(before["delay_level"], 2)
        for user in (self.clerk, self.salesman, self.stock_manager):
            for fname, value in (
                ("delay_level", 99),
                ("delay_alert_level", 99),
                ("delay_days", 0),
                ("delay_promise_date", self._future()),
            ):
                message = self.assertRpcAccessError(
                    user, "stock.picking", "write", [self.delivery.id], {fname: value}
                )
                self.assertIn("set by the delay alert job", message)
        self.assertEqual(self._delay_state(), before, "nothing changed")

    def test_nobody_creates_a_transfer_already_alerted(self):
        count = self.env["stock.picking"].search_count([])
        self.assertRpcAccessError(
            self.clerk,
            "stock.picking",
            "create",
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "delay_level": 99,
            },
        )
        self.assertEqual(self.env["stock.picking"].search_count([]), count)

    def test_a_rule_that_notifies_nobody_is_refused(self):
        rules = self.env["stock.delay.rule"].search_count([])
        message = self.assertRpcRefused(
            self.stock_manager,
            "stock.delay.rule",
            "create",
            {"name": "Silent", "level": 5, "grace_hours": 1},
            fault_code=WARNING,
        )
        self.assertIn("notifies nobody", message)
        self.assertEqual(self.env["stock.delay.rule"].search_count([]), rules)
        rule = self.env.ref("stock_backorder_alerts.delay_rule_level_1_warehouse")
        self.assertRpcRefused(
            self.stock_manager,
            "stock.delay.rule",
            "write",
            [rule.id],
            {"notify_responsible": False},
            fault_code=WARNING,
        )
        self.assertTrue(rule.notify_responsible)
        # a customer email without a template tells nobody either
        rule_3 = self.env.ref("stock_backorder_alerts.delay_rule_level_3_customer")
        self.assertRpcRefused(
            self.stock_manager,
            "stock.delay.rule",
            "write",
            [rule_3.id],
            {"mail_template_id": False},
            fault_code=WARNING,
        )
        self.assertTrue(rule_3.mail_template_id)

    def _promise_over_rpc(self, user, promise_date, **values):
        wizard_id = self.rpc(
            user,
            "stock.delay.promise.wizard",
            "create",
            {
                "picking_ids": [(6, 0, self.delivery.ids)],
                "promise_date": promise_date,
                "delay_reason_id": self.reason.id,
                **values,
            },
        )
        return self.rpc(
            user, "stock.delay.promise.wizard", "action_confirm", [wizard_id]
        )

    def test_the_salesperson_of_the_order_promises_a_new_date(self):
        promise = self._future()
        self._promise_over_rpc(self.salesman, promise, delay_note="Truck on Monday")
        state = self._delay_state()
        self.assertEqual(
            fields.Datetime.to_string(state["delay_promise_date"]), promise
        )
        self.assertEqual(state["delay_reason_id"][0], self.reason.id)
        self.assertEqual(state["delay_alert_level"], 0, "the escalation starts again")
        self.assertEqual(state["delay_level"], 2, "the highest level is kept")

    def test_another_salesperson_cannot_promise(self):
        before = self._delay_state()
        with self.assertRaisesRegex(Exception, "only the warehouse or the salesperson"):
            self._promise_over_rpc(self.other_salesman, self._future())
        self.assertEqual(self._delay_state(), before)

    def test_a_promise_in_the_past_is_refused(self):
        before = self._delay_state()
        past = fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=1))
        with self.assertRaisesRegex(Exception, "must be in the future"):
            self._promise_over_rpc(self.clerk, past)
        self.assertEqual(self._delay_state(), before)

    def test_no_promise_on_a_delivery_on_time(self):
        order = self._create_order_as_admin()
        self.delivery = order.picking_ids
        before = self._delay_state()
        with self.assertRaisesRegex(Exception, "is not late"):
            self._promise_over_rpc(self.clerk, self._future())
        self.assertEqual(self._delay_state(), before)
