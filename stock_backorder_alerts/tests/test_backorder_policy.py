# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestBackorderPolicy(BackorderAlertsCase):
    def test_order_takes_policy_of_commercial_partner(self):
        self.customer.backorder_policy = "complete_only"
        contact = self.env["res.partner"].create(
            {
                "name": "Buyer",
                "parent_id": self.customer.id,
                "email": "buyer@example.com",
            }
        )
        self.assertEqual(contact.backorder_policy, "complete_only")
        order_form = Form(self.env["sale.order"].with_user(self.salesman))
        order_form.partner_id = contact
        self.assertEqual(order_form.backorder_policy, "complete_only")
        self.assertEqual(order_form.picking_policy, "one")
        order_form.backorder_policy = "partial_cancel"
        self.assertEqual(order_form.picking_policy, "direct")
        with order_form.order_line.new() as line:
            line.product_id = self.product_a
        order = order_form.save()
        self.assertEqual(order.backorder_policy, "partial_cancel")

    def test_complete_only_sets_delivery_move_type(self):
        self.customer.backorder_policy = "complete_only"
        order = self._create_order()
        self.assertEqual(order.picking_policy, "one")
        self.assertEqual(order.picking_ids.move_type, "one")
        self.assertEqual(order.picking_ids.backorder_policy, "complete_only")

    def test_partial_backorder_ships_available_and_backorders_the_rest(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order(lines=[(self.product_a, 5), (self.product_b, 2)])
        delivery = order.picking_ids
        self._pick_available(delivery)

        result = delivery.with_user(self.clerk).button_validate()

        self.assertIs(result, True, "the policy applies without the backorder wizard")
        self.assertEqual(delivery.state, "done")
        backorder = delivery.backorder_ids
        self.assertEqual(len(backorder), 1)
        pending = {m.product_id: m.product_uom_qty for m in backorder.move_ids}
        self.assertEqual(pending, {self.product_a: 2.0, self.product_b: 2.0})
        self.assertEqual(order.backorder_count, 1)
        action = order.action_view_backorders()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), backorder)

    def test_partial_shipment_email_is_queued_and_in_order_chatter(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        delivery = order.picking_ids
        self._pick_available(delivery)
        delivery.with_user(self.clerk).button_validate()

        mails = self._queued_mails(order, self.customer)
        self.assertEqual(len(mails), 1)
        self.assertEqual(
            mails.state, "outgoing", "the email waits in the outgoing queue"
        )
        template = self.env.ref("stock_backorder_alerts.mail_template_partial_shipment")
        subject = template._render_field("subject", delivery.ids)[delivery.id]
        self.assertEqual(mails.subject, subject)
        self.assertIn("Still to come", mails.body_html)
        self.assertIn("2.0 Units", mails.body_html, "the pending quantity is announced")
        message = order.message_ids.filtered(lambda m: m.subject == subject)
        self.assertEqual(len(message), 1, "posted in the sales order's chatter")
        self.assertEqual(message.author_id, self.clerk.partner_id)

    def test_inventory_admin_without_sales_access_validates_partially(self):
        """The email is the company's: sending it needs no access to the sales order."""
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        delivery = order.picking_ids
        self._pick_available(delivery)
        self.assertFalse(self.stock_manager.has_group("sales_team.group_sale_salesman"))
        self.assertIs(delivery.with_user(self.stock_manager).button_validate(), True)
        self.assertEqual(len(self._queued_mails(order, self.customer)), 1)

    def test_partial_shipment_email_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["stock_backorder_alerts"], ["zh_CN"]
        )
        self.customer.write({"backorder_policy": "partial_backorder", "lang": "zh_CN"})
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        self._pick_available(order.picking_ids)
        order.picking_ids.button_validate()
        mails = self._queued_mails(order, self.customer)
        self.assertIn("已部分发货", mails.subject)
        self.assertIn("待发货", mails.body_html)

    def test_partial_shipment_email_can_be_turned_off(self):
        self.company.backorder_notify_partial = False
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        self._pick_available(order.picking_ids)
        order.picking_ids.with_user(self.clerk).button_validate()
        self.assertFalse(self._queued_mails(order, self.customer))

    def test_complete_delivery_sends_no_partial_email(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 5)
        order = self._create_order()
        self._pick_available(order.picking_ids)
        order.picking_ids.with_user(self.clerk).button_validate()
        self.assertEqual(order.picking_ids.state, "done")
        self.assertFalse(order.picking_ids.backorder_ids)
        self.assertFalse(self._queued_mails(order, self.customer))

    def test_partial_cancel_ships_available_and_cancels_the_rest(self):
        self.customer.backorder_policy = "partial_cancel"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        delivery = order.picking_ids
        self._pick_available(delivery)

        result = delivery.with_user(self.clerk).button_validate()

        self.assertIs(result, True)
        self.assertEqual(delivery.state, "done")
        self.assertFalse(delivery.backorder_ids, "the rest is not backordered")
        self.assertEqual(order.order_line.qty_delivered, 3.0)
        self.assertEqual(delivery.move_ids.quantity, 3.0)
        self.assertEqual(order.backorder_count, 0)
        mails = self._queued_mails(order, self.customer)
        self.assertEqual(len(mails), 1)
        self.assertIn("Not delivered (cancelled)", mails.body_html)
        self.assertNotIn("Still to come", mails.body_html)

    def test_complete_only_refuses_partial_validation(self):
        self.customer.backorder_policy = "complete_only"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        delivery = order.picking_ids
        delivery.move_ids.write({"quantity": 3, "picked": True})

        with self.assertRaisesRegex(UserError, "change the shipping policy"):
            delivery.with_user(self.clerk).button_validate()
        self.assertNotEqual(delivery.state, "done")
        self.assertFalse(delivery.backorder_ids)

        self._set_stock(self.product_a, 2)
        self._pick_available(delivery)
        delivery.move_ids.quantity = 5
        self.assertIs(delivery.with_user(self.clerk).button_validate(), True)
        self.assertEqual(delivery.state, "done")
        self.assertFalse(self._queued_mails(order, self.customer))

    def test_without_policy_the_warehouse_is_asked(self):
        """Customers without a shipping policy keep Odoo's backorder question."""
        self.assertFalse(self.customer.backorder_policy)
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        delivery = order.picking_ids
        self._pick_available(delivery)
        action = delivery.button_validate()
        self.assertEqual(action["res_model"], "stock.backorder.confirmation")
        Form.from_action(self.env, action).save().process()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.backorder_count, 1)
        # a partial delivery leaves: the customer is told
        self.assertEqual(len(self._queued_mails(order, self.customer)), 1)

    def test_delivery_without_order_uses_customer_policy(self):
        self.customer.backorder_policy = "partial_cancel"
        self._set_stock(self.product_a, 1)
        delivery = self._create_delivery(qty=2)
        self.assertEqual(delivery.backorder_policy, "partial_cancel")
        self._pick_available(delivery)
        self.assertIs(delivery.button_validate(), True)
        self.assertFalse(delivery.backorder_ids)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.move_ids.quantity, 1.0)

    def test_backorder_analysis_and_xlsx_export(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        self._pick_available(order.picking_ids)
        order.picking_ids.button_validate()
        backorder = order.picking_ids.filtered("backorder_id")
        self.env.flush_all()

        report = self.env["stock.backorder.report"].search([("sale_id", "=", order.id)])
        self.assertEqual(report.picking_id, backorder)
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.product_id, self.product_a)
        self.assertEqual(report.pending_qty, 2.0)
        self.assertEqual(report.age_bucket, "0_2")
        groups = self.env["stock.backorder.report"]._read_group(
            [("sale_id", "=", order.id)], ["product_id"], ["pending_qty:sum"]
        )
        self.assertEqual(groups, [(self.product_a, 2.0)])

        action = report.action_export_xlsx()
        download_id = int(action["url"].split("/")[4])
        download = self.env["stock.alert.xlsx.download"].browse(download_id)
        self.assertTrue(
            base64.b64decode(download.file_data).startswith(b"PK"),
            "an XLSX file is a zip archive",
        )
