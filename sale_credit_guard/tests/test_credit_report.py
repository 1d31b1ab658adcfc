# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import io
import zipfile

from odoo.tests import tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditReport(CreditGuardCommon):
    def test_xlsx_report_lists_exposure_and_orders_on_hold(self):
        self._create_invoice(800.0, due=self._days_ago(5))
        held = self._create_order(qty=3)
        held.action_confirm()
        self.assertTrue(held.credit_hold)
        action = (
            (self.customer | self.contact)
            .with_user(self.controller)
            .action_credit_report_xlsx()
        )
        report_id = int(action["url"].split("/")[4])
        report = (
            self.env["sale.credit.report.xlsx"]
            .with_user(self.controller)
            .browse(report_id)
        )
        content = base64.b64decode(report.file_data)
        with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
            sheet = xlsx.read("xl/worksheets/sheet1.xml").decode()
        self.assertIn("Acme Corp", strings)
        self.assertIn(held.name, strings)
        self.assertIn("Open Receivables", strings)
        # limit, receivable, exposure, overdue amount and days are numbers in the sheet
        for number in ("<v>1000</v>", "<v>800</v>", "<v>5</v>"):
            self.assertIn(number, sheet)
        # The contact is folded into its company: one data row.
        self.assertEqual(strings.count("Acme Corp"), 1)
