# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestSecurity(BackorderAlertsCase):
    def test_delay_rules_are_for_inventory_administrators(self):
        values = {
            "name": "Late",
            "level": 5,
            "grace_hours": 1,
            "notify_responsible": True,
        }
        with self.assertRaises(AccessError):
            self.env["stock.delay.rule"].with_user(self.clerk).create(values)
        with self.assertRaises(AccessError):
            self.env["stock.delay.rule"].with_user(self.salesman).search([])
        rule = self.env["stock.delay.rule"].with_user(self.stock_manager).create(values)
        self.assertEqual(rule.company_id, self.company)

    def test_warehouse_user_sets_the_reason_on_pickings(self):
        delivery = self._create_delivery()
        reason = self.env.ref("stock_backorder_alerts.delay_reason_carrier_issue")
        delivery.with_user(self.clerk).write(
            {"delay_reason_id": reason.id, "delay_note": "Truck broke down"}
        )
        self.assertEqual(delivery.delay_reason_id, reason)
        with self.assertRaises(AccessError):
            reason.with_user(self.clerk).name = "Renamed"

    def test_salespeople_see_delays_of_their_orders_only(self):
        mine = self._create_order(user=self.salesman)
        theirs = self._create_order(user=self.other_salesman)
        (mine.picking_ids | theirs.picking_ids).scheduled_date = self._hours_ago(30)
        self.env["stock.picking"]._cron_delay_alerts()
        self.env.flush_all()

        order = mine.with_user(self.salesman)
        self.assertEqual(order.delivery_delay_level, 2)
        self.assertEqual(order.picking_ids.delay_level, 2)
        visible = self.env["stock.delay.report"].with_user(self.salesman).search([])
        self.assertEqual(visible.sale_id, mine)
        all_lines = self.env["stock.delay.report"].with_user(self.clerk).search([])
        self.assertEqual(all_lines.sale_id, mine | theirs)

    def test_multi_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.assertEqual(
            self.env["stock.delay.rule"]
            .search([("company_id", "=", other_company.id)])
            .mapped("level"),
            [1, 2, 3],
            "a new company starts with the default rules",
        )
        rule = self.env["stock.delay.rule"].create(
            {
                "name": "Other",
                "company_id": other_company.id,
                "level": 4,
                "notify_responsible": True,
            }
        )
        manager = self.stock_manager
        self.assertNotIn(
            rule, self.env["stock.delay.rule"].with_user(manager).search([])
        )
        manager.write({"company_ids": [(4, other_company.id)]})
        rules = (
            self.env["stock.delay.rule"]
            .with_user(manager)
            .with_context(allowed_company_ids=[self.company.id, other_company.id])
            .search([])
        )
        self.assertIn(rule, rules)
