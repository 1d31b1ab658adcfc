# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SaleOrderFlowCase


class ApprovalSubstituteCase(SaleOrderFlowCase):
    """Two tiers (approvers from 1,000, the director from 10,000) and Bob, an approver of
    the first tier only, who stands in for the director when she is away."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_sales, cls.tier_director = cls._create_tiers()
        cls.activity_type = cls.env.ref("sale_order_flow.mail_activity_sale_approval")
        cls.substitute = cls._create_user(
            "Bob Backup", "sof_backup", cls.group_approver
        )
        cls.today = fields.Date.today()

    @classmethod
    def _create_user(cls, name, login, groups, company=None):
        company = company or cls.company
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(groups.ids)],
                }
            )
        )

    def _absence(self, user=None, substitute=None, start=0, days=3, as_user=None):
        """An absence of ``user`` (the director) starting ``start`` days from today."""
        Absence = self.env["sale.approval.absence"]
        if as_user:
            Absence = Absence.with_user(as_user)
        date_from = self.today + timedelta(days=start)
        return Absence.create(
            {
                "user_id": (user or self.director).id,
                "substitute_id": (substitute or self.substitute).id,
                "date_from": date_from,
                "date_to": date_from + timedelta(days=days),
            }
        )

    def _waiting_for_director(self, user=None):
        """A big order whose first level is approved: it waits for the director."""
        order = self._create_order(lines=[(self.product, 200.0, 100.0)], user=user)
        order.action_confirm()
        self._approve(order, self.approver)
        self.assertEqual(order.current_approval_id.tier_id, self.tier_director)
        return order

    def _approve(self, order, user):
        return order.with_user(user).action_approve(
            approval_ids=order.current_approval_id.ids
        )

    def _approval_activity_users(self, order):
        return order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        ).user_id


@tagged("post_install", "-at_install")
class TestApprovalSubstitutes(ApprovalSubstituteCase):
    def test_substitute_decides_on_behalf_of_the_absent_approver(self):
        order = self._waiting_for_director()
        mine = self.env["sale.order"].with_user(self.substitute)
        self.assertFalse(mine.search([("is_waiting_my_approval", "=", True)]))
        self._absence()
        self.assertEqual(mine.search([("is_waiting_my_approval", "=", True)]), order)
        self.assertEqual(mine.search([("is_approval_on_behalf", "=", True)]), order)
        self.assertTrue(order.with_user(self.substitute).can_approve)
        self._approve(order, self.substitute)
        self.assertEqual(order.state, "sale")
        step = order.approval_ids.filtered(lambda a: a.tier_id == self.tier_director)
        self.assertEqual(step.user_id, self.substitute)
        self.assertEqual(step.on_behalf_of_id, self.director)
        self.assertEqual(step.decided_as, "substitute")
        self.assertEqual(step.substitute_share, 100.0)
        self.assertIn(
            "Bob Backup on behalf of Dana Director", order.message_ids[0].body
        )
        # Both read the order afterwards: the substitute decided it, the director had it
        # decided on her behalf.
        order.with_user(self.substitute).read(["name"])
        step.with_user(self.director).read(["on_behalf_of_id"])

    def test_substitute_rejects_on_behalf(self):
        order = self._waiting_for_director()
        self._absence()
        order.with_user(self.substitute).action_reject(
            "Too big while Dana is away", approval_ids=order.current_approval_id.ids
        )
        self.assertEqual(order.state, "draft")
        self.assertIn("on behalf of Dana Director", order.message_ids[0].body)

    def test_own_right_comes_first(self):
        """An approver who is also a substitute decides their own tier as an approver."""
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        self._absence(user=self.approver, substitute=self.director)
        self._approve(order, self.director)
        self.assertEqual(order.approval_ids.decided_as, "approver")
        self.assertFalse(order.approval_ids.on_behalf_of_id)

    def test_absence_starts_and_ends_with_its_dates(self):
        order = self._waiting_for_director()
        self._absence(start=1, days=2)
        step = order.current_approval_id
        mine = self.env["sale.order"].with_user(self.substitute)
        steps = self.env["sale.order.approval"].with_user(self.substitute)
        self.assertFalse(steps.search([("can_decide", "=", True)]))
        with self.assertRaises(AccessError):
            self._approve(order, self.substitute)
        for offset, expected in ((1, True), (3, True), (4, False)):
            with freeze_time(self.today + timedelta(days=offset)):
                self.env.invalidate_all()
                self.assertEqual(
                    steps.search([("can_decide", "=", True)]) == step, expected, offset
                )
                self.assertEqual(
                    bool(mine.search([("is_waiting_my_approval", "=", True)])),
                    expected,
                )
        with freeze_time(self.today + timedelta(days=4)):
            with self.assertRaises(AccessError):
                self._approve(order, self.substitute)
            self.assertEqual(order.state, "to_approve")

    def test_ongoing_absence_moves_the_open_activities(self):
        order = self._waiting_for_director()
        self.assertEqual(self._approval_activity_users(order), self.director)
        self._absence()
        self.assertEqual(self._approval_activity_users(order), self.substitute)

    def test_new_substitute_takes_over_the_activities(self):
        order = self._waiting_for_director()
        absence = self._absence()
        other = self._create_user("Cory Cover", "sof_cover", self.group_approver)
        absence.with_user(self.director).substitute_id = other
        self.assertEqual(self._approval_activity_users(order), other)
        self._approve(order, other)
        self.assertEqual(order.state, "sale")

    def test_absent_approvers_activity_goes_when_the_substitute_has_one(self):
        """Bob approves the first tier himself: Alice's activity goes, nobody gets two."""
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_confirm()
        before = self._approval_activity_users(order)
        self.assertIn(self.approver, before)
        self._absence(user=self.approver, substitute=self.substitute)
        after = self._approval_activity_users(order)
        self.assertNotIn(self.approver, after)
        self.assertEqual(after, before - self.approver)
        approval_activities = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )
        self.assertEqual(len(approval_activities), len(after))

    def test_absence_starting_later_moves_them_on_its_first_day_once(self):
        order = self._waiting_for_director()
        absence = self._absence(start=2)
        self.assertEqual(self._approval_activity_users(order), self.director)
        Approval = self.env["sale.order.approval"]
        with freeze_time(self.today + timedelta(days=2)):
            Approval._cron_approval_follow_up()
            self.assertTrue(absence.activities_moved)
            self.assertEqual(self._approval_activity_users(order), self.substitute)
            count = len(order.activity_ids)
            Approval._cron_approval_follow_up()
            self.assertEqual(len(order.activity_ids), count)

    def test_steps_submitted_during_the_absence_ask_the_substitute(self):
        self._absence()
        order = self._waiting_for_director()
        self.assertEqual(self._approval_activity_users(order), self.substitute)

    def test_substitution_keeps_the_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        (self.director | self.substitute).company_ids |= other
        self._absence()
        order = self._waiting_for_director()
        order_other = self._waiting_for_director()
        order_other.sudo().approval_ids.company_id = other
        mine = self.env["sale.order.approval"].with_user(self.substitute)
        steps = mine.with_context(
            allowed_company_ids=(self.company | other).ids
        ).search([("can_decide", "=", True)])
        self.assertIn(order.current_approval_id, steps)
        self.assertNotIn(order_other.current_approval_id, steps)


@tagged("post_install", "-at_install")
class TestAbsenceRules(ApprovalSubstituteCase):
    def test_substitute_must_be_an_approver_of_the_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = self._create_user(
            "Otto Outsider", "sof_outsider", self.group_approver, company=other
        )
        for substitute, pattern in (
            (self.salesperson, "not an approver"),
            (outsider, "not allowed in"),
            (self.director, "their own substitute"),
        ):
            with self.assertRefused(ValidationError, pattern):
                self._absence(substitute=substitute)
        self.assertFalse(self.env["sale.approval.absence"].search([]))

    def test_dates_must_be_in_order(self):
        with self.assertRefused(ValidationError, "ends before it starts"):
            self._absence(days=-1)

    def test_overlapping_absences_are_refused_adjacent_ones_are_not(self):
        self._absence(start=0, days=3)
        with self.assertRefused(ValidationError, "already absent"):
            self._absence(start=3, days=2, substitute=self.approver)
        following = self._absence(start=4, days=2, substitute=self.approver)
        self.assertEqual(following.substitute_id, self.approver)

    def test_approvers_set_their_own_absences_only(self):
        mine = self._absence(user=self.approver, as_user=self.approver)
        self.assertEqual(mine.create_uid, self.approver)
        with self.assertRefused(AccessError, "your own absences"):
            self._absence(as_user=self.approver)
        with self.assertRefused(AccessError, "your own absences"):
            mine.with_user(self.approver).write({"user_id": self.director.id})
        self.assertEqual(mine.user_id, self.approver)
        # The substitute reads it, cannot change it.
        self.assertEqual(
            self.env["sale.approval.absence"].with_user(self.substitute).search([]),
            mine,
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.substitute).write({"date_to": self.today})

    def test_sales_administrators_set_anyones_absence(self):
        absence = self._absence(as_user=self.sales_admin)
        self.assertEqual(absence.user_id, self.director)
        absence.with_user(self.sales_admin).date_to = self.today
        self.assertEqual(absence.date_to, self.today)

    def test_salespeople_have_no_absences(self):
        with self.assertRaises(AccessError):
            self._absence(
                user=self.salesperson,
                substitute=self.approver,
                as_user=self.salesperson,
            )


@tagged("post_install", "-at_install")
class TestSubstituteSelfApproval(ApprovalSubstituteCase):
    def setUp(self):
        super().setUp()
        self.company.sale_approval_forbid_self = True

    def test_substitute_cannot_approve_their_own_order(self):
        order = self._waiting_for_director(user=self.substitute)
        self._absence()
        self.assertFalse(order.with_user(self.substitute).can_approve)
        with self.assertRefused(AccessError, "another approver"):
            self._approve(order, self.substitute)
        self.assertEqual(order.state, "to_approve")

    def test_substitute_cannot_approve_the_absent_approvers_own_order(self):
        order = self._waiting_for_director(user=self.director)
        self._absence()
        step = order.current_approval_id
        self.assertFalse(
            self.env["sale.order.approval"]
            .with_user(self.substitute)
            .search([("can_decide", "=", True)])
        )
        self.assertFalse(
            self.env["sale.order"]
            .with_user(self.substitute)
            .search([("is_waiting_my_approval", "=", True)])
        )
        with self.assertRaises(AccessError):
            self._approve(order, self.substitute)
        self.assertEqual(order.state, "to_approve")
        self.assertFalse(step.user_id)


@tagged("post_install", "-at_install")
class TestSubstituteQueueQueries(ApprovalSubstituteCase):
    def test_to_approve_counter_query_count_with_substitutes_active(self):
        extra = self._create_user(
            "Erin Extra", "sof_extra", self.group_approver | self.group_director
        )
        self._absence()
        self._absence(user=extra)
        orders = self.env["sale.order"].with_user(self.substitute)
        domain = [("state", "=", "to_approve"), ("is_waiting_my_approval", "=", True)]
        self._waiting_for_director()
        self.env.invalidate_all()
        orders.search_count(domain)  # warm the access rule caches
        # The user's groups, the absences they stand in for, the count.
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.assertEqual(orders.search_count(domain), 1)
        for _index in range(10):
            self._waiting_for_director()
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.assertEqual(orders.search_count(domain), 11)
