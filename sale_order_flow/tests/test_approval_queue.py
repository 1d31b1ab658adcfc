# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .test_approval_substitutes import ApprovalSubstituteCase


@tagged("post_install", "-at_install")
class TestApprovalQueue(ApprovalSubstituteCase):
    def _queue_queries(self, user):
        """Queries of ``user``'s To Approve list with the follow-up columns, as the web
        client loads it, and the number of orders."""
        action = self.env.ref("sale_order_flow.sale_order_action_to_approve")
        orders = self.env["sale.order"].with_user(user)
        domain = [*safe_eval(action.domain), ("is_waiting_my_approval", "=", True)]
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "current_approval_id": {"fields": {"display_name": {}}},
            "is_waiting_my_approval": {},
            "date_submitted": {},
            "approval_waiting_hours": {},
            "approval_follow_up_state": {},
            "is_approval_on_behalf": {},
            "amount_untaxed": {},
            "currency_id": {"fields": {}},
        }
        self.env.invalidate_all()
        orders.web_search_read(domain, spec, limit=80)  # warm the caches
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        result = orders.web_search_read(domain, spec, limit=80)
        return self.env.cr.sql_log_count - start, result

    def test_substitute_queue_query_count_does_not_grow(self):
        self._absence()
        self._waiting_for_director()
        self._waiting_for_director()
        few_queries, few = self._queue_queries(self.substitute)
        for _index in range(20):
            self._waiting_for_director()
        many_queries, many = self._queue_queries(self.substitute)
        self.assertEqual((few["length"], many["length"]), (2, 22))
        self.assertEqual(few_queries, many_queries)
        self.assertTrue(all(r["is_approval_on_behalf"] for r in many["records"]))
        self.assertEqual(
            {r["approval_follow_up_state"] for r in many["records"]}, {"on_time"}
        )

    def test_to_approve_views_show_waiting_time_follow_up_and_filters(self):
        action = self.env.ref("sale_order_flow.sale_order_action_to_approve")
        views = (
            self.env["sale.order"]
            .with_user(self.approver)
            .get_views(
                [(view.view_id.id, view.view_mode) for view in action.view_ids]
                + [(action.search_view_id.id, "search")]
            )
        )["views"]
        for fname in (
            "approval_waiting_hours",
            "approval_follow_up_state",
            "is_approval_on_behalf",
        ):
            self.assertIn(fname, views["list"]["arch"])
        for name in ("approval_overdue", "approval_escalated", "on_behalf"):
            self.assertIn(f'name="{name}"', views["search"]["arch"])
        self.assertIn("action_open_forward_wizard", views["form"]["arch"])

    def test_analysis_shares_decisions_by_substitutes(self):
        self._absence()
        by_substitute = self._waiting_for_director()
        self._approve(by_substitute, self.substitute)
        by_director = self._waiting_for_director()
        self._approve(by_director, self.director)
        groups = (
            self.env["sale.order.approval"]
            .with_user(self.sales_admin)
            ._read_group(
                [
                    ("tier_id", "=", self.tier_director.id),
                    ("date", "!=", False),
                ],
                ["user_id"],
                ["substitute_share:avg", "lead_time:avg"],
            )
        )
        shares = {user: share for user, share, _lead in groups}
        self.assertEqual(shares, {self.substitute: 100.0, self.director: 0.0})
        (total,) = (
            self.env["sale.order.approval"]
            .with_user(self.sales_admin)
            ._read_group(
                [("tier_id", "=", self.tier_director.id), ("date", "!=", False)],
                [],
                ["substitute_share:avg"],
            )[0]
        )
        self.assertEqual(total, 50.0)

    def test_analysis_actions_open(self):
        for xmlid in (
            "sale_order_flow.sale_order_approval_analysis_action",
            "sale_order_flow.sale_order_approval_analysis_approver_action",
            "sale_order_flow.sale_approval_absence_action",
        ):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].with_user(self.sales_admin)
            views = model.get_views(
                [(False, mode) for mode in action.view_mode.split(",")]
            )
            self.assertTrue(views["views"], xmlid)

    def test_preferences_open_my_absences_for_approvers_only(self):
        view = self.env.ref("base.view_users_form_simple_modif")
        action = self.env.ref("sale_order_flow.sale_approval_absence_action_mine")
        for user, shown in ((self.approver, True), (self.salesperson, False)):
            arch = (
                self.env["res.users"]
                .with_user(user)
                .get_views([(view.id, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual(f'name="{action.id}"' in arch, shown, user.name)
