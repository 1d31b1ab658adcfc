# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reports users print and download: the order PDF, rendered by wkhtmltopdf, shows its
type and approval trail; each XLSX export, read back, holds the right value in each cell."""

import base64
import io
import re
from datetime import timedelta

import openpyxl
from o2c_common import OrderToCashCase
from PyPDF2 import PdfReader

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReports(OrderToCashCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 15 cabinets at 100: 1,500, approved at level 1 by the approver.
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 15})
                ],
            }
        )
        cls.order.action_confirm()
        cls.order.with_user(cls.approver).action_approve(
            approval_ids=cls.order.approval_ids.filtered("is_current").ids,
            comment="Good customer",
        )

    @staticmethod
    def _sheet_rows(xlsx_bytes, sheet=None):
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return [list(row) for row in worksheet.iter_rows(values_only=True)]

    @staticmethod
    def _attachment_bytes(action, env):
        # /web/content/<model>/<id>/file_data: the file kept on a transient download record
        model, record_id = re.search(
            r"/web/content/([\w.]+)/(\d+)/", action["url"]
        ).groups()
        return base64.b64decode(env[model].browse(int(record_id)).file_data)

    def test_order_pdf_shows_type_and_approval_trail(self):
        self.assertEqual(self.order.state, "sale")
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(
            "sale.action_report_saleorder", self.order.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "rendered by wkhtmltopdf")
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        # Debian's wkhtmltopdf draws text as outlines (nothing to extract from the PDF): the
        # words are checked in the HTML it was given.
        html, _kind = report._render_qweb_html(
            "sale.action_report_saleorder", self.order.ids
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        self.assertIn(f"Order # {self.order.name}", text)
        self.assertIn("Order Type Standard", text)
        self.assertIn("Approvals", text)
        self.assertIn(f"Sales approval {self.approver.name}", text, "tier and approver")

    def test_orders_xlsx_export(self):
        wizard = self.env["sale.order.xlsx.export"].create(
            {"order_ids": [(6, 0, self.order.ids)]}
        )
        wizard.action_export()
        content = base64.b64decode(wizard.file_data)
        header, *rows = self._sheet_rows(content, "Orders")
        self.assertEqual(len(rows), 1)
        row = dict(zip(header, rows[0], strict=True))
        self.assertEqual(row["Order"], self.order.name)
        self.assertEqual(row["Customer"], self.customer.display_name)
        self.assertEqual(row["Order Type"], "Standard")
        self.assertEqual(row["Salesperson"], self.salesperson.name)
        self.assertEqual(row["Status"], "Sales Order")
        self.assertEqual(row["Untaxed Amount"], 1500.0)
        self.assertEqual(row["Total"], self.order.amount_total)
        self.assertEqual(row["Delivery Status"], "Not Delivered")
        self.assertEqual(row["Invoice Status"], "Nothing to Invoice")
        header, *rows = self._sheet_rows(content, "Approvals")
        self.assertEqual(len(rows), 1)
        approval = dict(zip(header, rows[0], strict=True))
        self.assertEqual(approval["Order"], self.order.name)
        self.assertEqual(approval["Tier"], "Sales approval")
        self.assertEqual(approval["Level"], 1)
        self.assertEqual(approval["Status"], "Approved")
        self.assertEqual(approval["Decided By"], self.approver.name)
        self.assertEqual(approval["Comment"], "Good customer")
        self.assertGreaterEqual(approval["Lead Time (hours)"], 0.0)

    def test_credit_xlsx_report(self):
        action = (
            self.env["sale.credit.report.xlsx"]
            .with_user(self.controller)
            .action_download(self.customer)
        )
        rows = self._sheet_rows(self._attachment_bytes(action, self.env))
        self.assertIn(self.company.name, rows[0][0])
        header, data = rows[3], rows[4:]
        self.assertEqual(len(data), 1)
        row = dict(zip(header, data[0], strict=True))
        self.assertEqual(row["Customer"], self.customer.display_name)
        self.assertEqual(row["Credit Limit"], 100000.0)
        self.assertEqual(row["Open Receivables"], 0.0)
        self.assertEqual(row["Orders Not Invoiced"], self.order.amount_total)
        self.assertEqual(row["Exposure"], self.order.amount_total)
        self.assertEqual(row["Available"], 100000.0 - self.order.amount_total)
        self.assertEqual(row["Overdue Amount"], 0.0)

    def test_backorder_and_delay_xlsx_exports(self):
        self._set_stock(10)
        delivery = self.order.picking_ids
        self._deliver(delivery, self.clerk)
        backorder = delivery.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 5.0)

        pending = self.env["stock.backorder.report"].search(
            [("sale_id", "=", self.order.id)]
        )
        rows = self._sheet_rows(
            self._attachment_bytes(pending.action_export_xlsx(), self.env)
        )
        header, data = rows[0], rows[1:]
        self.assertEqual(len(data), 1)
        row = dict(zip(header, data[0], strict=True))
        self.assertEqual(row["Sales Order"], self.order.name)
        self.assertEqual(row["Product"], self.product.display_name)
        self.assertEqual(row["Pending Quantity"], 5.0)

        backorder.scheduled_date = fields.Datetime.now() - timedelta(hours=30)
        self.env["stock.picking"]._cron_delay_alerts()
        self._set_stock(5)
        backorder.delay_reason_id = self.env.ref(
            "stock_backorder_alerts.delay_reason_carrier_issue"
        )
        self._deliver(backorder, self.clerk)
        delays = self.env["stock.delay.report"].search(
            [("picking_id", "=", backorder.id)]
        )
        rows = self._sheet_rows(
            self._attachment_bytes(delays.action_export_xlsx(), self.env)
        )
        header, data = rows[0], rows[1:]
        self.assertEqual(len(data), 1)
        row = dict(zip(header, data[0], strict=True))
        self.assertEqual(row["Transfer"], backorder.name)
        self.assertEqual(row["Delay Level"], 2)
        self.assertEqual(row["Delay Reason"], "Carrier issue")
        self.assertGreaterEqual(row["Days Late"], 1.2)  # 30 hours, one decimal
