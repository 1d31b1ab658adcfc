# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Absences and substitutes over XML-RPC, as real users: what each must not do is refused,
and nothing changes."""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SaleOrderFlowCase
from .rpc_common import RpcCaseMixin

WARNING = 2  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_WARNING (ValidationError)


@tagged("post_install", "-at_install")
class TestAbsenceRpc(RpcCaseMixin, SaleOrderFlowCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_sales, cls.tier_director = cls._create_tiers()
        # new_test_user: the password is the login (8 characters or more).
        cls.seller = new_test_user(
            cls.env,
            login="abs_seller",
            name="Sid Seller",
            groups="sales_team.group_sale_salesman",
        )
        cls.boss = new_test_user(
            cls.env,
            login="abs_director",
            name="Dora Director",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.boss.groups_id |= cls.group_director
        cls.deputy = new_test_user(
            cls.env,
            login="abs_deputy",
            name="Dan Deputy",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.colleague = new_test_user(
            cls.env,
            login="abs_colleague",
            name="Cleo Colleague",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.today = fields.Date.today()
        cls.Absence = cls.env["sale.approval.absence"]

    def _vals(self, user, substitute):
        return {
            "user_id": user.id,
            "substitute_id": substitute.id,
            "date_from": fields.Date.to_string(self.today),
            "date_to": fields.Date.to_string(self.today + timedelta(days=5)),
        }

    def assertRpcRefused(self, code, user, model, method, *args, **kwargs):
        """The call is refused to ``user`` with the XML-RPC fault ``code``."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(
            caught.exception.faultCode, code, caught.exception.faultString[:300]
        )
        return caught.exception

    def test_salesperson_cannot_stand_in_for_an_approver(self):
        self.assertRpcAccessError(
            self.seller,
            "sale.approval.absence",
            "create",
            [self._vals(self.boss, self.seller)],
        )
        self.assertRpcAccessError(
            self.seller,
            "sale.approval.absence",
            "create",
            [self._vals(self.seller, self.seller)],
        )
        self.assertFalse(self.Absence.search([]))
        # Named by the director herself, a salesperson is refused too.
        fault = self.assertRpcRefused(
            WARNING,
            self.boss,
            "sale.approval.absence",
            "create",
            [self._vals(self.boss, self.seller)],
        )
        self.assertIn("not an approver", fault.faultString)
        self.assertFalse(self.Absence.search([]))

    def test_approver_cannot_set_someone_elses_absence(self):
        self.assertRpcAccessError(
            self.colleague,
            "sale.approval.absence",
            "create",
            [self._vals(self.boss, self.colleague)],
        )
        self.assertFalse(self.Absence.search([]))
        own = self.Absence.create(self._vals(self.colleague, self.deputy))
        self.assertRpcAccessError(
            self.colleague,
            "sale.approval.absence",
            "write",
            own.ids,
            {"user_id": self.boss.id},
        )
        self.assertRpcAccessError(
            self.deputy,
            "sale.approval.absence",
            "write",
            own.ids,
            {"substitute_id": self.colleague.id},
        )
        self.assertRpcAccessError(
            self.deputy, "sale.approval.absence", "unlink", own.ids
        )
        own.invalidate_recordset()
        self.assertEqual(
            (own.user_id, own.substitute_id), (self.colleague, self.deputy)
        )

    def test_approver_cannot_make_an_ineligible_substitute(self):
        own = self.Absence.create(self._vals(self.boss, self.deputy))
        for substitute in (self.seller, self.boss):
            self.assertRpcRefused(
                WARNING,
                self.boss,
                "sale.approval.absence",
                "write",
                own.ids,
                {"substitute_id": substitute.id},
            )
        own.invalidate_recordset()
        self.assertEqual(own.substitute_id, self.deputy)
        self.assertEqual(self.Absence.search([]), own)

    def test_substitute_decides_only_while_the_absence_lasts(self):
        order = self._create_order(lines=[(self.product, 200.0, 100.0)])
        order.action_confirm()
        order.with_user(self.approver).action_approve(
            approval_ids=order.current_approval_id.ids
        )
        step = order.current_approval_id
        # Before any absence, the deputy can neither decide nor read the order.
        self.assertRpcAccessError(
            self.deputy,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=step.ids,
        )
        self.assertRpcAccessError(
            self.deputy, "sale.order", "read", order.ids, ["name"]
        )
        self.assertEqual(order.state, "to_approve")
        self.rpc(
            self.boss,
            "sale.approval.absence",
            "create",
            [self._vals(self.boss, self.deputy)],
        )
        self.rpc(
            self.deputy,
            "sale.order",
            "action_approve",
            order.ids,
            approval_ids=step.ids,
        )
        order.invalidate_recordset()
        step.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertEqual((step.user_id, step.on_behalf_of_id), (self.deputy, self.boss))
