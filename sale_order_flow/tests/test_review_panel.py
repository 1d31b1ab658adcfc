# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestReviewPanel(SaleOrderFlowCase):
    """The review panel says what Confirm will do and why, from the gate's own preview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_sales, cls.tier_director = cls._create_tiers()

    def _panel(self, order):
        return order._get_review_panel_values()

    def _step(self, order):
        return order.approval_ids.filtered("is_current").ids

    def test_nothing_to_review_shows_no_panel(self):
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        self.assertEqual(self._panel(order)["outcome"], "confirm")
        self.assertFalse(order.review_panel, "no panel: the form looks as in Odoo")
        order.action_confirm()
        self.assertEqual(order.state, "sale", "the panel said what Confirm did")
        self.assertEqual(self._panel(order), {})

    def test_blocking_reasons_come_first_then_what_follows(self):
        self.type_standard.require_client_order_ref = True
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "block")
        self.assertEqual(panel["tone"], "danger")
        self.assertIn("fix what blocks first", panel["headline"])
        [block] = panel["blocks"]
        self.assertIn("customer reference", block)
        self.assertIn("submit the order for approval", panel["then"])
        self.assertEqual(
            [step["name"] for step in panel["approvals"]["steps"]],
            ["Level 1: Sales approval"],
            "the tiers that will approve, already while something blocks",
        )
        self.assertIn('data-outcome="block"', order.review_panel)
        self.assertIn("customer reference", order.review_panel)

    def test_submission_names_the_tiers_and_their_thresholds(self):
        order = self._create_order(lines=[(self.product, 120.0, 100.0)])
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "submit")
        self.assertEqual(
            panel["headline"], "Confirm will submit the order for approval."
        )
        steps = panel["approvals"]["steps"]
        self.assertEqual(
            [step["name"] for step in steps],
            ["Level 1: Sales approval", "Level 2: Director approval"],
        )
        self.assertIn("1,000.00", steps[0]["detail"])
        self.assertIn("10,000.00", steps[1]["detail"])
        self.assertIn("Sales Director", steps[1]["detail"])
        self.assertIn("12,000.00", panel["approvals"]["title"])
        self.assertIn("Level 2: Director approval", order.review_panel)
        order.action_confirm()
        self.assertEqual(
            order.approval_ids.tier_id,
            self.tier_sales | self.tier_director,
            "Confirm went to the tiers the panel named",
        )

    def test_review_reason_below_every_threshold_says_why_the_tier_is_needed(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 2.0, 10.0)])
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "submit")
        [step] = panel["approvals"]["steps"]
        self.assertIn("the review below needs it", step["detail"])
        [reason] = panel["reviews"]
        self.assertIn("below its cost", reason)

    def test_waiting_order_says_which_level_waits_and_for_whom(self):
        order = self._create_order(lines=[(self.product, 120.0, 100.0)])
        order.action_confirm()
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "wait")
        self.assertEqual(
            panel["headline"], "Waiting for approval: Sales approval (level 1 of 2)."
        )
        self.assertEqual(
            panel["then"], "After the last approval, the order is confirmed."
        )
        first, second = panel["approvals"]["steps"]
        self.assertIn("waiting for Approver", first["detail"])
        self.assertIn("Alice Approver", first["detail"])
        self.assertIn("next, for Sales Director", second["detail"])
        self.assertEqual(panel["blocks"], [], "waiting is not listed as a block")
        self.assertEqual(order.review_brief, "Waiting for Sales approval")

        order.with_user(self.approver).action_approve(approval_ids=self._step(order))
        order.invalidate_recordset(["review_panel"])
        panel = self._panel(order)
        self.assertIn("level 2 of 2", panel["headline"])
        first, second = panel["approvals"]["steps"]
        self.assertIn("approved by Alice Approver", first["detail"])
        self.assertIn("Dana Director", second["detail"])
        self.assertIn("level 2 of 2", order.review_panel)

    def test_approved_order_that_cannot_be_confirmed_says_so(self):
        self.company.sale_stock_check = "review"
        order = self._create_order(lines=[(self.product, 5.0, 100.0)])
        order.action_confirm()
        self.company.sale_stock_check = "block"
        panel = self._panel(order)
        self.assertIn("still cannot be confirmed", panel["then"])
        self.assertIn("forecast", panel["blocks"][0])
        order.with_user(self.approver).action_approve(approval_ids=self._step(order))
        self.assertEqual(order.state, "to_approve")
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "block")
        self.assertIn("Approved at every level, but", panel["headline"])
        self.assertNotIn("Waiting", order.review_panel)
        self.company.sale_stock_check = "none"
        order.invalidate_recordset(["review_panel"])
        panel = self._panel(order)
        self.assertEqual(panel["outcome"], "confirm")
        self.assertEqual(
            panel["headline"], "Approved at every level: Confirm confirms the order."
        )
        self.assertIn("Approved at every level", order.review_panel)
        self.assertEqual(order.review_brief, "Approved at every level: to confirm")

    def test_rejection_shows_who_and_why_until_submitted_again(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        order.with_user(self.approver).action_reject(
            "Price <b>too low</b>", approval_ids=self._step(order)
        )
        panel = self._panel(order)
        self.assertIn("Rejected by Alice Approver", panel["rejection"]["title"])
        self.assertEqual(panel["rejection"]["reason"], "Price <b>too low</b>")
        self.assertIn("Price &lt;b&gt;too low&lt;/b&gt;", order.review_panel)
        self.assertNotIn("<b>too low", order.review_panel, "user text is escaped")
        self.assertEqual(
            order.review_brief, "Rejected by Alice Approver: Price <b>too low</b>"
        )
        order.action_confirm()
        order.invalidate_recordset(["review_panel", "review_brief"])
        self.assertFalse(self._panel(order)["rejection"])
        self.assertNotIn("Rejected", order.review_panel)
        self.assertEqual(order.review_brief, "Waiting for Sales approval")

    def test_panel_follows_the_form_before_saving(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 2.0, 100.0)])
        form = Form(order.with_user(self.salesperson))
        self.assertFalse(form.review_panel)
        with form.order_line.edit(0) as line:
            line.price_unit = 10.0
        self.assertIn("below its cost", form.review_panel)
        self.assertIn("Confirm will submit the order for approval", form.review_panel)
        with form.order_line.edit(0) as line:
            line.product_uom_qty = 200.0
            line.price_unit = 100.0
        self.assertNotIn("below its cost", form.review_panel)
        self.assertIn("Level 2: Director approval", form.review_panel)
        self.assertEqual(order.order_line.price_unit, 100.0, "nothing saved yet")
        self.assertEqual(order.order_line.product_uom_qty, 2.0)

    def test_new_order_in_the_form_shows_its_panel_before_it_is_saved(self):
        self.type_standard.require_client_order_ref = True
        form = Form(self.env["sale.order"].with_user(self.salesperson))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 20.0
        self.assertIn("customer reference", form.review_panel)
        form.client_order_ref = "PO-7"
        self.assertNotIn("customer reference", form.review_panel)
        self.assertIn("Level 1: Sales approval", form.review_panel)

    def _approve_dialog(self, order, user):
        action = order.with_user(user).action_open_approve_wizard()
        return Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )

    def test_approve_dialog_asks_to_confirm_and_says_what_follows(self):
        order = self._create_order(lines=[(self.product, 120.0, 100.0)])
        order.action_confirm()
        dialog = self._approve_dialog(order, self.approver)
        self.assertEqual(
            dialog.outcome_note,
            "After your approval, level 2 (Director approval) waits for Sales Director.",
        )
        self.assertEqual(order.approval_ids.mapped("state"), ["pending"] * 2)
        dialog.save().action_approve()
        dialog = self._approve_dialog(order, self.director)
        self.assertEqual(
            dialog.outcome_note, "After the last approval, the order is confirmed."
        )
        dialog.save().action_approve()
        self.assertEqual(order.state, "sale")

    def test_customers_do_not_read_the_panel(self):
        self.company.sale_check_below_cost = True
        order = self._create_order(lines=[(self.product, 2.0, 10.0)])
        customer = new_test_user(
            self.env,
            login="panel_portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        # The customer follows their order, as when it is sent: they read it.
        order.sudo().message_subscribe(partner_ids=self.customer.ids)
        order = order.with_user(customer)
        self.assertEqual(order.read(["name"])[0]["name"], order.sudo().name)
        for fname in ("review_panel", "review_brief"):
            # Refused for the field itself, before anything is computed.
            with self.assertRaisesRegex(AccessError, fname):
                order.read([fname])

    def test_phone_cards_show_the_review_briefly(self):
        views = self.env["sale.order"].get_views([(False, "kanban")])
        self.assertIn("review_brief", views["views"]["kanban"]["arch"])

    def _rejected_orders(self, count):
        orders = self.env["sale.order"]
        for _index in range(count):
            order = self._create_order(lines=[(self.product, 20.0, 100.0)])
            order.action_confirm()
            order.with_user(self.approver).action_reject(
                "Too cheap", approval_ids=self._step(order)
            )
            orders |= order
        return orders

    def _brief_queries(self, orders):
        for _run in range(2):  # the first run warms the caches
            self.env.flush_all()
            self.env.cr.flush()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            briefs = orders.browse(orders.ids).mapped("review_brief")
        return self.env.cr.sql_log_count - start, briefs

    def test_cards_of_a_whole_list_cost_the_same_queries(self):
        few_queries, briefs = self._brief_queries(self._rejected_orders(2))
        self.assertEqual(set(briefs), {"Rejected by Alice Approver: Too cheap"})
        many_queries, briefs = self._brief_queries(self._rejected_orders(10))
        self.assertEqual(len(briefs), 10)
        self.assertEqual(few_queries, many_queries)

    def test_panel_query_count_does_not_grow_with_lines(self):
        self._turn_every_check_on()
        small, big = self._order_with_lines(1), self._order_with_lines(20)
        self.env.flush_all()
        # Run the pending pre-commit work of the fixtures (bus notifications of the users'
        # groups) now, as assertQueryCount does, so that only the review's queries count.
        self.env.cr.flush()
        counts = []
        for order in (small, big, small, big):  # the first two warm the caches
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.assertIn("below the pricelist price", order.review_panel)
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[2], counts[3], counts)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[3]):
            self.assertTrue(big.review_panel)
