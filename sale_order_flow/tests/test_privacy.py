# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Private by default, tried over XML-RPC and HTTP as the real users: an export is read by the
user who made it only; approval steps follow the access of their order; approvers talk on the
orders waiting for them, and nobody posts on an order they cannot read."""

import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import SaleOrderFlowCase
from .rpc_common import RpcCaseMixin


@tagged("post_install", "-at_install")
class TestPrivacy(RpcCaseMixin, SaleOrderFlowCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_tiers()
        # new_test_user: the password is the login (8 characters or more).
        cls.seller = new_test_user(
            cls.env,
            login="priv_seller",
            name="Sid Seller",
            groups="sales_team.group_sale_salesman",
        )
        cls.other_seller = new_test_user(
            cls.env,
            login="priv_other_seller",
            name="Olga Other",
            groups="sales_team.group_sale_salesman",
        )
        cls.all_documents = new_test_user(
            cls.env,
            login="priv_all_documents",
            name="Ada All Documents",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.first_approver = new_test_user(
            cls.env,
            login="priv_first_approver",
            name="Fay First Approver",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.manager = new_test_user(
            cls.env,
            login="priv_manager",
            name="Mo Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="priv_portal",
            name="Pat Portal",
            groups="base.group_portal",
        )
        # Sid's 2,000 order waits for the approvers (level 1).
        cls.waiting = cls._create_order(
            lines=[(cls.product, 20.0, 100.0)], user=cls.seller
        )
        cls.waiting.with_user(cls.seller).action_confirm()
        # Sid's order rejected by Fay, with a reason.
        cls.rejected = cls._create_order(
            lines=[(cls.product, 30.0, 100.0)], user=cls.seller
        )
        cls.rejected.with_user(cls.seller).action_confirm()
        cls.env["sale.order.reject.wizard"].with_user(cls.first_approver).create(
            {
                "order_ids": [Command.set(cls.rejected.ids)],
                "approval_ids": [Command.set(cls.rejected.current_approval_id.ids)],
                "reason": "Margin too thin",
            }
        ).action_reject()
        # Sid's 20,000 order: approved by Fay, waits for the director.
        cls.big = cls._create_order(
            lines=[(cls.product, 200.0, 100.0)], user=cls.seller
        )
        cls.big.with_user(cls.seller).action_confirm()
        cls.big.with_user(cls.first_approver).action_approve(
            approval_ids=cls.big.current_approval_id.ids
        )
        # Olga's order waits for the approvers.
        cls.others = cls._create_order(
            lines=[(cls.product, 20.0, 100.0)], user=cls.other_seller
        )
        cls.others.with_user(cls.other_seller).action_confirm()
        # An approver who joins after the submissions: neither follower nor assigned an
        # activity on any order, only the approver rules let them in.
        cls.approver_b = new_test_user(
            cls.env,
            login="priv_approver_b",
            name="Ben Approver",
            groups="sale_order_flow.group_sale_approver",
        )

    # -- helpers ------------------------------------------------------------------------------

    def post_over_http(self, user, order, body, note=False):
        """Post in the order's chatter as the web client does (``/mail/message/post``)."""
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        post_data = {
            "body": body,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_note" if note else "mail.mt_comment",
        }
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "sale.order",
                "thread_id": order.id,
                "post_data": post_data,
            },
        )

    def _messages(self, order):
        return self.env["mail.message"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    # -- exports ------------------------------------------------------------------------------

    def _export_over_rpc(self, user, orders):
        export_id = self.rpc(
            user,
            "sale.order.xlsx.export",
            "create",
            {"order_ids": [(6, 0, orders.ids)]},
        )
        action = self.rpc(user, "sale.order.xlsx.export", "action_export", [export_id])
        return export_id, action["url"]

    def test_export_is_read_by_its_creator_only_over_rpc(self):
        export_id, _url = self._export_over_rpc(self.seller, self.waiting)
        model = "sale.order.xlsx.export"
        for user in (self.other_seller, self.all_documents, self.first_approver):
            self.assertRpcAccessError(user, model, "read", [export_id], ["file_data"])
            self.assertEqual(
                self.rpc(user, model, "search_read", [], ["file_name"]),
                [],
                f"{user.login} finds no export of someone else",
            )
            self.assertRpcAccessError(
                user, model, "write", [export_id], {"order_ids": [(5,)]}
            )
        export = self.env[model].browse(export_id)
        self.assertEqual(export.order_ids, self.waiting, "nothing changed")
        [values] = self.rpc(self.seller, model, "read", [export_id], ["file_data"])
        self.assertTrue(base64.b64decode(values["file_data"]).startswith(b"PK"))

    def test_export_download_url_is_refused_to_others(self):
        _export_id, url = self._export_over_rpc(self.seller, self.waiting)
        self.assertTrue(url.startswith("/web/content/sale.order.xlsx.export/"), url)
        for user in (self.other_seller, self.all_documents):
            self.authenticate(user.login, user.login)
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), user.login)
            self.assertFalse(response.content.startswith(b"PK"))
        self.authenticate(self.seller.login, self.seller.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "the XLSX file")

    def test_reject_wizard_is_read_by_its_creator_only(self):
        model = "sale.order.reject.wizard"
        wizard_id = self.rpc(
            self.first_approver,
            model,
            "create",
            {"order_ids": [(6, 0, self.others.ids)], "reason": "Private draft"},
        )
        self.assertRpcAccessError(
            self.approver_b, model, "read", [wizard_id], ["reason"]
        )
        self.assertEqual(self.rpc(self.approver_b, model, "search", []), [])
        self.assertRpcAccessError(self.approver_b, model, "action_reject", [wizard_id])
        self.assertEqual(self.others.state, "to_approve", "nothing changed")
        [values] = self.rpc(self.first_approver, model, "read", [wizard_id], ["reason"])
        self.assertEqual(values["reason"], "Private draft")

    # -- approval records ---------------------------------------------------------------------

    def _visible_approvals(self, user):
        """The orders whose approval steps ``user`` finds over RPC."""
        rows = self.rpc(
            user,
            "sale.order.approval",
            "search_read",
            [
                (
                    "order_id",
                    "in",
                    (self.waiting | self.rejected | self.big | self.others).ids,
                )
            ],
            ["order_id", "comment"],
        )
        return self.env["sale.order"].browse({row["order_id"][0] for row in rows})

    def test_fixtures(self):
        self.assertEqual(self.waiting.state, "to_approve")
        self.assertEqual(self.rejected.approval_ids.state, "rejected")
        self.assertEqual(self.big.current_approval_id.group_id, self.group_director)
        self.assertEqual(self.others.state, "to_approve")

    def test_salespeople_read_the_approvals_of_their_own_orders(self):
        self.assertEqual(
            self._visible_approvals(self.other_seller),
            self.others,
            "Olga does not see Sid's approvals",
        )
        self.assertRpcAccessError(
            self.other_seller,
            "sale.order.approval",
            "read",
            self.rejected.approval_ids.ids,
            ["comment"],
        )
        self.assertEqual(
            self._visible_approvals(self.seller),
            self.waiting | self.rejected | self.big,
        )
        [step] = self.rpc(
            self.seller,
            "sale.order.approval",
            "read",
            self.rejected.approval_ids.ids,
            ["comment"],
        )
        self.assertEqual(step["comment"], "Margin too thin")
        # "All documents" reads them all, as it reads all orders.
        self.assertEqual(
            self._visible_approvals(self.all_documents),
            self.waiting | self.rejected | self.big | self.others,
        )

    def test_approvers_read_the_approvals_of_orders_waiting_for_them_or_decided(self):
        # Ben: the orders waiting for the approvers' group, not those decided by Fay.
        self.assertEqual(
            self._visible_approvals(self.approver_b), self.waiting | self.others
        )
        self.assertRpcAccessError(
            self.approver_b,
            "sale.order.approval",
            "read",
            self.rejected.approval_ids.ids,
            ["comment"],
        )
        # Fay also reads the trail of the orders she decided.
        self.assertEqual(
            self._visible_approvals(self.first_approver),
            self.waiting | self.rejected | self.big | self.others,
        )
        # The order form of a waiting order shows its whole trail to the approver.
        [values] = self.rpc(
            self.approver_b, "sale.order", "read", self.waiting.ids, ["approval_ids"]
        )
        self.assertEqual(values["approval_ids"], self.waiting.approval_ids.ids)

    def test_portal_users_read_no_approval(self):
        self.assertRpcAccessError(
            self.portal_user,
            "sale.order.approval",
            "read",
            self.rejected.approval_ids.ids,
            ["comment"],
        )
        self.assertRpcAccessError(
            self.portal_user, "sale.order.approval", "search_read", [], ["comment"]
        )

    def test_managers_analyse_the_lead_time_of_every_order(self):
        groups = self.rpc(
            self.manager,
            "sale.order.approval",
            "read_group",
            [("order_id", "in", (self.rejected | self.big | self.others).ids)],
            ["lead_time:avg"],
            ["salesperson_id"],
            lazy=False,
        )
        counts = {group["salesperson_id"][0]: group["__count"] for group in groups}
        self.assertEqual(counts, {self.seller.id: 3, self.other_seller.id: 1})
        # The menu's action opens for them.
        action = self.env.ref("sale_order_flow.sale_order_approval_analysis_action")
        self.assertIn(self.group_manager, self.manager.groups_id)
        self.assertEqual(action.res_model, "sale.order.approval")

    # -- messages -----------------------------------------------------------------------------

    def test_approver_posts_messages_and_notes_on_an_order_waiting_for_them(self):
        before = self._messages(self.waiting)
        self.post_over_http(self.approver_b, self.waiting, "Why this discount?")
        self.post_over_http(self.approver_b, self.waiting, "Checked stock", note=True)
        message_id = self.rpc(
            self.approver_b,
            "sale.order",
            "message_post",
            [self.waiting.id],
            body="Over RPC",
            message_type="comment",
        )
        posted = self._messages(self.waiting) - before
        self.assertEqual(len(posted), 3)
        self.assertIn(message_id, posted.ids)
        self.assertEqual(posted.author_id, self.approver_b.partner_id)
        self.assertEqual(
            set(posted.mapped("subtype_id.internal")), {True, False}, "a note too"
        )
        # Posting is all read access gives: the order itself stays read-only for them.
        self.assertRpcAccessError(
            self.approver_b, "sale.order", "write", self.waiting.ids, {"note": "x"}
        )

    def test_approver_cannot_post_on_an_order_not_waiting_for_them(self):
        # Waits for the director; Ben neither decided it nor sells it.
        before = self._messages(self.big)
        with self.assertRaises(JsonRpcException) as caught:
            self.post_over_http(self.approver_b, self.big, "Let me in")
        self.assertIn("NotFound", str(caught.exception))
        self.assertRpcAccessError(
            self.approver_b,
            "sale.order",
            "message_post",
            [self.big.id],
            body="Over RPC",
            message_type="comment",
        )
        self.assertEqual(self._messages(self.big), before, "nothing posted")

    def test_portal_and_public_users_cannot_post_on_orders_they_cannot_read(self):
        before = self._messages(self.waiting)
        for user in (self.portal_user, None):
            with self.assertRaises(JsonRpcException) as caught:
                self.post_over_http(user, self.waiting, "Hello")
            self.assertIn("NotFound", str(caught.exception))
        self.assertRpcAccessError(
            self.portal_user,
            "sale.order",
            "message_post",
            [self.waiting.id],
            body="Over RPC",
            message_type="comment",
        )
        self.assertEqual(self._messages(self.waiting), before, "nothing posted")
