# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestSecurity(SaleOrderFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_sales, cls.tier_director = cls._create_tiers()
        cls.other_salesperson = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Olga Other",
                    "login": "sof_other",
                    "groups_id": [(6, 0, cls.group_salesman.ids)],
                }
            )
        )

    def _waiting_orders(self, count):
        orders = self.env["sale.order"]
        for _index in range(count):
            orders |= self._create_order(lines=[(self.product, 20.0, 100.0)])
        orders.action_confirm()
        return orders

    def test_approver_reads_orders_waiting_for_them_only(self):
        waiting = self._waiting_orders(1)
        draft = self._create_order()
        orders = self.env["sale.order"].with_user(self.approver)
        self.assertEqual(orders.search([("id", "in", (waiting | draft).ids)]), waiting)
        waiting.with_user(self.approver).read(["name", "amount_total"])
        waiting.order_line.with_user(self.approver).read(["price_unit"])
        with self.assertRaises(AccessError):
            draft.with_user(self.approver).read(["name"])
        # Another salesperson sees neither.
        with self.assertRaises(AccessError):
            waiting.with_user(self.other_salesperson).read(["name"])

    def test_approver_still_reads_the_order_after_approving_it(self):
        order = self._waiting_orders(1)
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")
        # The approver is not the salesperson: only the "decided by me" rule lets them in.
        self.assertNotEqual(order.user_id, self.approver)
        values = order.with_user(self.approver).read(["name", "state"])[0]
        self.assertEqual((values["name"], values["state"]), (order.name, "sale"))

    def test_my_approvals_lists_only_my_tier(self):
        small = self._waiting_orders(1)
        big = self._create_order(lines=[(self.product, 200.0, 100.0)])
        big.action_confirm()
        big.with_user(self.approver).action_approve(
            approval_ids=big.approval_ids.filtered("is_current").ids
        )
        mine = self.env["sale.order"].with_user(self.approver)
        self.assertEqual(mine.search([("is_waiting_my_approval", "=", True)]), small)
        director = self.env["sale.order"].with_user(self.director)
        self.assertEqual(
            director.search([("is_waiting_my_approval", "=", True)]), small | big
        )
        self.assertEqual(
            mine.search(
                [
                    ("is_waiting_my_approval", "!=", True),
                    ("id", "in", (small | big).ids),
                ]
            ),
            big,
        )

    def test_to_approve_counter_query_count_does_not_grow(self):
        orders = self.env["sale.order"].with_user(self.approver)
        domain = [("state", "=", "to_approve"), ("is_waiting_my_approval", "=", True)]
        self._waiting_orders(1)
        self.env.invalidate_all()
        orders.search_count(domain)  # warm the access rule caches
        # One query for the user's groups, one for the absences they stand in for, one for
        # the count.
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.assertEqual(orders.search_count(domain), 1)
        self._waiting_orders(30)
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.assertEqual(orders.search_count(domain), 31)
        with self.assertQueryCount(1):
            self.assertEqual(len(orders.search(domain, limit=80)), 31)

    def test_configuration_is_for_administrators(self):
        Tier = self.env["sale.approval.tier"]
        Type = self.env["sale.order.type"]
        for user in (self.salesperson, self.approver):
            self.assertTrue(Type.with_user(user).search([]))
            with self.assertRaises(AccessError):
                Tier.with_user(user).create({"name": "Mine", "min_amount": 1e9})
            with self.assertRaises(AccessError):
                self.type_standard.with_user(user).write({"always_approve": True})
        Tier.with_user(self.sales_admin).create({"name": "Board", "min_amount": 1e6})
        self.type_standard.with_user(self.sales_admin).always_approve = True

    def test_tiers_of_another_company_are_invisible_and_ignored(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["sale.approval.tier"].create(
            {"name": "Foreign", "min_amount": 0.0, "company_id": other.id}
        )
        self.sales_admin.company_ids |= other
        self.assertNotIn(
            foreign,
            self.env["sale.approval.tier"]
            .with_user(self.sales_admin)
            .with_context(allowed_company_ids=self.company.ids)
            .search([]),
        )
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def _to_approve_list_queries(self):
        """Queries of the approver's To Approve list, as the web client loads it."""
        action = self.env.ref("sale_order_flow.sale_order_action_to_approve")
        orders = self.env["sale.order"].with_user(self.approver)
        domain = [*safe_eval(action.domain), ("is_waiting_my_approval", "=", True)]
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "order_type_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
            "current_approval_id": {"fields": {"display_name": {}}},
            "is_waiting_my_approval": {},
            "date_submitted": {},
            "currency_id": {"fields": {}},
            "amount_untaxed": {},
            "amount_total": {},
        }
        self.env.invalidate_all()
        orders.web_search_read(domain, spec, limit=80)  # warm the caches
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        result = orders.web_search_read(domain, spec, limit=80)
        return self.env.cr.sql_log_count - start, result["length"]

    def test_to_approve_list_query_count_does_not_grow(self):
        self._waiting_orders(2)
        few_queries, few = self._to_approve_list_queries()
        self._waiting_orders(40)
        many_queries, many = self._to_approve_list_queries()
        self.assertEqual((few, many), (2, 42))
        self.assertEqual(few_queries, many_queries)

    def test_approver_opens_the_waiting_order_form_and_approves(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 20.0, 10.0)])
        order.action_confirm()
        form = Form(order.with_user(self.approver))
        self.assertTrue(form.can_approve)
        self.assertIn("below its cost", form.review_panel)
        self.assertIn("Waiting for approval: Sales approval", form.review_panel)
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        Form(order.with_user(self.approver))  # still readable once confirmed

    def test_salesperson_form_shows_the_panel_before_submission(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 1.0, 10.0)])
        form = Form(order.with_user(self.salesperson))
        self.assertIn("Confirm will submit the order for approval", form.review_panel)
        self.assertIn("below its cost", form.review_panel)
        self.assertFalse(form.can_approve)

    def test_sales_app_still_opens_on_the_quotations(self):
        # The web client opens an app on its first menu with an action.
        orders_menu = self.env.ref("sale.sale_order_menu")
        first = (
            self.env["ir.ui.menu"]
            .with_user(self.sales_admin)
            .search([("parent_id", "=", orders_menu.id)], order="sequence, id", limit=1)
        )
        self.assertEqual(first, self.env.ref("sale.menu_sale_quotations"))

    def test_to_approve_views_load_for_an_approver(self):
        action = self.env.ref("sale_order_flow.sale_order_action_to_approve")
        views = (
            self.env["sale.order"]
            .with_user(self.approver)
            .get_views([(view.view_id.id, view.view_mode) for view in action.view_ids])
        )
        self.assertEqual(set(views["views"]), {"list", "kanban", "form"})
        self.assertIn("can_approve", views["views"]["kanban"]["arch"])

    def test_order_types_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["sale.order.type"].create(
            {"name": "Foreign type", "company_id": other.id}
        )
        self.assertNotIn(
            foreign, self.env["sale.order.type"].with_user(self.salesperson).search([])
        )
        self.assertIn(self.type_standard, self.env["sale.order.type"].search([]))
