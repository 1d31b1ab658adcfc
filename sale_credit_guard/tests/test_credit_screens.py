# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The screens of credit control: Settings, the hold dialog, Details."""

from lxml import etree

from odoo.tests import Form, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditScreens(CreditGuardCommon):
    def test_settings_set_the_new_credit_terms(self):
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        settings_model = (
            self.env["res.config.settings"].with_user(admin).with_company(self.company)
        )
        with Form(settings_model) as settings:
            settings.credit_limit_tolerance = 5.0
            settings.credit_overdue_min_amount = 250.0
        self.assertRecordValues(
            self.company,
            [{"credit_limit_tolerance": 5.0, "credit_overdue_min_amount": 250.0}],
        )

    def test_details_open_the_customer_on_its_credit_tab(self):
        order = self._create_order(partner=self.contact)
        action = order.with_user(self.salesman).action_credit_open_partner_exposure()
        self.assertEqual(action["res_id"], self.customer.id)
        [(view_id, _mode)] = action["views"]
        arch = self.env["res.partner"].get_view(view_id, "form")["arch"]
        [page] = etree.fromstring(arch).xpath("//page[@name='credit_control']")
        self.assertEqual(page.get("autofocus"), "autofocus")

    def test_hold_dialog_has_a_card_per_order_for_phones(self):
        self._create_invoice(800.0)
        order = self._create_order(qty=3).with_user(self.salesman)
        action = order.action_confirm()
        wizard = self.env[action["res_model"]].with_user(self.salesman)
        arch = etree.fromstring(wizard.get_view(False, "form")["arch"])
        [lines] = arch.xpath("//field[@name='line_ids'][kanban]")
        self.assertTrue(lines.xpath("./list"), "the list on a desktop")
        self.assertTrue(lines.xpath("./kanban//t[@t-name='card']"), "cards on a phone")
        with Form(wizard.browse(action["res_id"])) as dialog:
            self.assertEqual(len(dialog.line_ids), 1)
