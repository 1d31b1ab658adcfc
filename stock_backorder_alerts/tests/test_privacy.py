# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Private by default, tried over XML-RPC and HTTP as the real users: an XLSX export of the
backorder or delay analysis, and the delay reason dialog, are read by the user who made them
only; a download leaves no attachment behind."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import BackorderAlertsCase, RpcCaseMixin


@tagged("post_install", "-at_install")
class TestAlertPrivacy(RpcCaseMixin, BackorderAlertsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_clerk = new_test_user(
            cls.env,
            login="sba_other_clerk",
            name="Olaf Clerk",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )

    def _check_export_is_private(self, report_model, creator, others):
        attachments = self.env["ir.attachment"].search_count([])
        action = self.rpc(creator, report_model, "action_export_xlsx", [])
        self.assertEqual(
            self.env["ir.attachment"].search_count([]),
            attachments,
            "no attachment left behind per download",
        )
        url = action["url"]
        self.assertTrue(url.startswith("/web/content/stock.alert.xlsx.download/"), url)
        download_id = int(url.split("/")[4])
        model = "stock.alert.xlsx.download"
        for user in others:
            self.assertRpcAccessError(user, model, "read", [download_id], ["file_data"])
            self.assertEqual(self.rpc(user, model, "search", []), [], user.login)
            self.authenticate(user.login, user.login)
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), user.login)
            self.assertFalse(response.content.startswith(b"PK"))
        [values] = self.rpc(creator, model, "read", [download_id], ["file_data"])
        self.assertTrue(values["file_data"])
        self.authenticate(creator.login, creator.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "the XLSX file")
        self.assertIn(".xlsx", response.headers["Content-Disposition"])

    def test_backorder_export_is_downloaded_by_its_creator_only(self):
        self._check_export_is_private(
            "stock.backorder.report",
            self.clerk,
            [self.other_clerk, self.salesman, self.stock_manager],
        )

    def test_delay_export_is_downloaded_by_its_creator_only(self):
        self._check_export_is_private(
            "stock.delay.report", self.salesman, [self.other_salesman, self.clerk]
        )

    def test_delay_reason_dialog_is_read_by_its_creator_only(self):
        delivery = self._create_delivery()
        reason = self.env.ref("stock_backorder_alerts.delay_reason_carrier_issue")
        model = "stock.delay.reason.wizard"
        wizard_id = self.rpc(
            self.clerk,
            model,
            "create",
            {
                "picking_ids": [(6, 0, delivery.ids)],
                "delay_reason_id": reason.id,
                "delay_note": "Truck broke down at the customer's gate",
            },
        )
        self.assertRpcAccessError(
            self.other_clerk, model, "read", [wizard_id], ["delay_note"]
        )
        self.assertEqual(self.rpc(self.other_clerk, model, "search", []), [])
        self.assertRpcAccessError(
            self.other_clerk, model, "action_confirm", [wizard_id]
        )
        self.assertFalse(delivery.delay_reason_id, "nothing changed")
        [values] = self.rpc(self.clerk, model, "read", [wizard_id], ["delay_note"])
        self.assertEqual(
            values["delay_note"], "Truck broke down at the customer's gate"
        )
