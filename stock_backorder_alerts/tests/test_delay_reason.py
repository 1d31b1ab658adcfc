# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestDelayReason(BackorderAlertsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_supplier = cls.env.ref(
            "stock_backorder_alerts.delay_reason_supplier_late"
        )

    def _late_ready_delivery(self, hours_late=5):
        self._set_stock(self.product_a, 1)
        delivery = self._create_delivery(scheduled=self._hours_ago(hours_late))
        self._pick_available(delivery)
        return delivery

    def test_seven_reasons_shipped_as_data(self):
        reasons = self.env["stock.delay.reason"].search([("company_id", "=", False)])
        names = {
            "Stock shortage",
            "Supplier late",
            "Carrier issue",
            "Internal processing",
            "Customer request",
            "Quality hold",
            "Other",
        }
        self.assertTrue(names <= set(reasons.mapped("name")))

    def test_rpc_validation_of_late_delivery_without_reason_is_refused(self):
        delivery = self._late_ready_delivery()
        with self.assertRaisesRegex(UserError, "delay reason is required"):
            delivery.with_user(self.clerk).button_validate()
        self.assertEqual(delivery.state, "assigned")

        delivery.with_user(self.clerk).write(
            {"delay_reason_id": self.reason_supplier.id}
        )
        self.assertIs(delivery.with_user(self.clerk).button_validate(), True)
        self.assertEqual(delivery.state, "done")

    def test_form_validation_asks_the_reason_in_a_dialog(self):
        delivery = self._late_ready_delivery(hours_late=30)
        action = (
            delivery.with_user(self.clerk)
            .with_context(delay_reason_ask=True)
            .button_validate()
        )
        self.assertEqual(action["res_model"], "stock.delay.reason.wizard")
        wizard_form = Form.from_action(self.env(user=self.clerk), action)
        wizard_form.delay_reason_id = self.reason_supplier
        wizard_form.delay_note = "Container stuck in port"
        wizard_form.save().action_confirm()

        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.delay_reason_id, self.reason_supplier)
        self.assertEqual(delivery.delay_note, "Container stuck in port")
        self.assertEqual(delivery.delay_level, 2, "late by more than a day")
        self.assertAlmostEqual(delivery.delay_days, 1.25, delta=0.1)  # 30 hours

    def test_delivery_on_time_needs_no_reason(self):
        self._set_stock(self.product_a, 1)
        delivery = self._create_delivery()
        self._pick_available(delivery)
        self.assertIs(delivery.with_user(self.clerk).button_validate(), True)
        self.assertEqual(delivery.delay_level, 0)
        self.assertEqual(delivery.delay_days, 0)

    def test_reason_requirement_can_be_turned_off(self):
        self.company.delay_reason_required = False
        delivery = self._late_ready_delivery()
        self.assertIs(delivery.with_user(self.clerk).button_validate(), True)
        self.assertEqual(delivery.delay_level, 1, "still recorded as late")

    def test_receipts_never_need_a_reason(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "in",
                            "product_id": self.product_a.id,
                            "product_uom_qty": 1,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock_location.id,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.scheduled_date = self._hours_ago(72)
        receipt.move_ids.write({"quantity": 1, "picked": True})
        self.assertIs(receipt.button_validate(), True)

    def test_delay_analysis_by_reason(self):
        delivery = self._late_ready_delivery(hours_late=50)
        delivery.delay_reason_id = self.reason_supplier
        delivery.button_validate()
        self.env.flush_all()
        Report = self.env["stock.delay.report"]
        lines = Report.search([("picking_id", "=", delivery.id)])
        self.assertEqual(lines.delay_reason_id, self.reason_supplier)
        self.assertEqual(lines.delay_level, 3)
        self.assertEqual(lines.state, "done")
        self.assertEqual(lines.partner_id, self.customer)
        groups = Report._read_group(
            [("picking_id", "=", delivery.id)],
            ["delay_reason_id", "date:month"],
            ["picking_count:count_distinct"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0][0], self.reason_supplier)
        self.assertEqual(groups[0][2], 1, "one transfer, an integer count")
        action = lines.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
