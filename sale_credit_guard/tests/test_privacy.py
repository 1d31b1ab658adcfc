# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Private by default, tried over XML-RPC and HTTP as the real users: the credit report, the
hold and release dialogs are read by the user who opened them only; credit controllers read
the approval steps of their companies' orders."""

from odoo import Command
from odoo.addons.sale_order_flow.tests.rpc_common import RpcCaseMixin
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditPrivacy(RpcCaseMixin, CreditGuardCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_values = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.other_controller = new_test_user(
            cls.env,
            login="credit_other_controller",
            name="Otto Controller",
            groups="sale_credit_guard.group_credit_controller,base.group_user",
            **company_values,
        )
        cls.other_salesman = new_test_user(
            cls.env,
            login="credit_other_salesman",
            name="Olga Salesman",
            groups="sales_team.group_sale_salesman,base.group_user",
            **company_values,
        )
        cls.held = cls._create_order(qty=11)  # 1,100 against a limit of 1,000
        cls.held.action_confirm()

    # -- helpers ------------------------------------------------------------------------------

    def assertOnlyCreatorReads(self, model, record_id, creator, others, field):
        """``creator`` reads ``field`` of the transient record, ``others`` neither read it
        nor find it."""
        for user in others:
            self.assertRpcAccessError(user, model, "read", [record_id], [field])
            self.assertEqual(
                self.rpc(user, model, "search", []),
                [],
                f"{user.login} finds no {model} of someone else",
            )
        [values] = self.rpc(creator, model, "read", [record_id], [field])
        self.assertTrue(values[field])

    # -- credit report ------------------------------------------------------------------------

    def test_credit_report_is_downloaded_by_its_creator_only(self):
        attachments = self.env["ir.attachment"].sudo().search_count([])
        action = self.rpc(
            self.controller,
            "res.partner",
            "action_credit_report_xlsx",
            [self.customer.id],
        )
        url = action["url"]
        self.assertTrue(url.startswith("/web/content/sale.credit.report.xlsx/"), url)
        self.assertEqual(
            self.env["ir.attachment"].sudo().search_count([]),
            attachments,
            "no attachment left behind per download",
        )
        report_id = int(url.split("/")[4])
        self.assertOnlyCreatorReads(
            "sale.credit.report.xlsx",
            report_id,
            self.controller,
            [self.other_controller],
            "file_data",
        )
        self.authenticate(self.other_controller.login, self.other_controller.login)
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(response.content.startswith(b"PK"))
        self.authenticate(self.controller.login, self.controller.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "the XLSX file")
        self.assertIn("credit_report_", response.headers["Content-Disposition"])

    # -- dialogs ------------------------------------------------------------------------------

    def test_credit_hold_dialog_is_read_by_its_creator_only(self):
        self.assertTrue(self.held.credit_hold)
        model = "sale.credit.hold.wizard"
        # The dialog the salesperson gets when confirming the held order again.
        action = self.rpc(self.salesman, "sale.order", "action_confirm", self.held.ids)
        self.assertEqual(action["res_model"], model)
        wizard_id = action["res_id"]
        # The controller reads the order, not the salesperson's dialog.
        self.assertOnlyCreatorReads(
            model,
            wizard_id,
            self.salesman,
            [self.other_salesman, self.controller],
            "line_ids",
        )
        line_ids = self.env[model].sudo().browse(wizard_id).line_ids.ids
        self.assertRpcAccessError(
            self.controller, f"{model}.line", "read", line_ids, ["exposure"]
        )

    def test_release_dialog_is_read_and_used_by_its_creator_only(self):
        model = "sale.credit.release.wizard"
        wizard_id = self.rpc(
            self.controller,
            model,
            "create",
            {"order_ids": [(6, 0, self.held.ids)], "note": "Paid by wire today"},
        )
        self.assertOnlyCreatorReads(
            model, wizard_id, self.controller, [self.other_controller], "note"
        )
        self.assertRpcAccessError(
            self.other_controller, model, "action_release", [wizard_id]
        )
        self.held.invalidate_recordset()
        self.assertTrue(self.held.credit_hold, "still on hold")

    # -- approval records ---------------------------------------------------------------------

    def test_credit_controllers_read_the_approvals_of_their_companies_orders(self):
        self.env["sale.approval.tier"].create(
            {
                "name": "Sales approval",
                "min_amount": 500.0,
                "group_id": self.env.ref("sale_order_flow.group_sale_approver").id,
            }
        )
        self.customer.credit_limit = 100000.0
        order = self._create_order(qty=6)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "to_approve")
        steps = order.approval_ids
        self.assertTrue(steps)
        domain = [("order_id", "=", order.id)]
        fields = ["name", "state"]
        rows = self.rpc(
            self.controller, "sale.order.approval", "search_read", domain, fields
        )
        self.assertEqual([row["id"] for row in rows], steps.ids)
        # Another salesperson does not read them; a controller of another company neither.
        self.assertRpcAccessError(
            self.other_salesman, "sale.order.approval", "read", steps.ids, fields
        )
        other_company = self.env["res.company"].create({"name": "Other Company"})
        abroad = new_test_user(
            self.env,
            login="credit_controller_abroad",
            name="Abe Abroad",
            groups="sale_credit_guard.group_credit_controller,base.group_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertEqual(
            self.rpc(abroad, "sale.order.approval", "search_read", domain, fields), []
        )
