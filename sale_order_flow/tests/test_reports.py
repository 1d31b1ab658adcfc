# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import io
from datetime import datetime

import openpyxl

from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestReports(SaleOrderFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_tiers()
        cls.approved = cls._create_order(lines=[(cls.product, 20.0, 100.0)])
        cls.approved.action_confirm()
        cls.approved.with_user(cls.approver).action_approve(
            approval_ids=cls.approved.approval_ids.filtered("is_current").ids
        )
        cls.draft = cls._create_order()

    def test_pdf_shows_order_type_and_approval_trail(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", self.approved.ids)[0]
            .decode()
        )
        self.assertIn("Order Type", html)
        self.assertIn("Standard", html)
        self.assertIn("Alice Approver", html)
        self.assertIn("Sales approval", html)

    def test_pdf_of_an_order_waiting_for_approval_is_a_quotation(self):
        waiting = self._create_order(lines=[(self.product, 20.0, 100.0)])
        waiting.action_confirm()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", waiting.ids)[0]
            .decode()
        )
        self.assertIn("Quotation #", html)
        self.assertNotIn("Order #", html)

    def test_pdf_of_a_quotation_has_no_trail(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", self.draft.ids)[0]
            .decode()
        )
        self.assertNotIn("Alice Approver", html)

    def test_xlsx_export_lists_orders_and_approvals(self):
        wizard = (
            self.env["sale.order.xlsx.export"]
            .with_user(self.salesperson)
            .create({"order_ids": [(6, 0, (self.approved | self.draft).ids)]})
        )
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        orders, approvals = book.worksheets
        rows = list(orders.values)
        self.assertEqual(rows[0][:3], ("Order", "Customer", "Order Type"))
        self.assertEqual(
            {row[0] for row in rows[1:]}, {self.approved.name, self.draft.name}
        )
        approval_rows = list(approvals.values)
        self.assertEqual(len(approval_rows), 2)
        self.assertEqual(approval_rows[1][0], self.approved.name)
        self.assertEqual(approval_rows[1][5], "Alice Approver")

    def test_xlsx_server_action_is_bound_to_orders(self):
        action = self.env.ref("sale_order_flow.sale_order_action_xlsx_export")
        result = action.with_context(
            active_model="sale.order", active_ids=self.approved.ids
        ).run()
        self.assertEqual(result["type"], "ir.actions.act_url")

    def test_chinese_translation_is_loaded(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sale_order_flow"], ["zh_CN"])
        self.assertEqual(self.type_custom.with_context(lang="zh_CN").name, "定制")
        states = dict(
            self.env["sale.order"]
            .with_context(lang="zh_CN")
            ._fields["state"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(states["to_approve"], "等待审批")


@tagged("post_install", "-at_install")
class TestRequiredDataOnDocuments(SaleOrderFlowCase, HttpCase):
    """What the order type requires (specification, delivery date) reaches the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivery = datetime(2026, 7, 14, 12, 0)
        cls.custom = cls._create_order(
            order_type_id=cls.type_custom.id,
            specification="Blue anodised frame, 3.2 m long",
            commitment_date=cls.delivery,
        )
        cls.standard = cls._create_order(commitment_date=cls.delivery)

    def _pdf_html(self, order):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )

    def test_pdf_of_a_custom_order_shows_specification_and_delivery_date(self):
        html = self._pdf_html(self.custom)
        self.assertIn("Specification", html)
        self.assertIn("Blue anodised frame, 3.2 m long", html)
        self.assertIn("Delivery Date", html)
        self.assertIn(format_date(self.env, self.delivery), html)

    def test_pdf_of_a_standard_order_is_unchanged(self):
        html = self._pdf_html(self.standard)
        self.assertNotIn("Specification", html)
        self.assertNotIn("Delivery Date", html)

    def test_portal_page_of_a_custom_order_shows_specification_and_delivery_date(self):
        self.authenticate(None, None)
        for order, shown in ((self.custom, True), (self.standard, False)):
            response = self.url_open(order.get_portal_url())
            self.assertEqual(response.status_code, 200)
            for text in ("Specification", "Blue anodised frame", "Delivery Date:"):
                (self.assertIn if shown else self.assertNotIn)(text, response.text)
