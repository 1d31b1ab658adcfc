# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_approval_substitutes import ApprovalSubstituteCase


@tagged("post_install", "-at_install")
class TestApprovalForward(ApprovalSubstituteCase):
    """An order waiting for the first tier, whose approvers include Alice and Bob."""

    def setUp(self):
        super().setUp()
        self.order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        self.order.action_confirm()
        self.step = self.order.current_approval_id

    def _forward(self, user, target, note="Bob knows this customer"):
        return self.order.with_user(user).action_forward(self.step.id, target, note)

    def _activity_of(self, user):
        return self.order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type and a.user_id == user
        )

    def test_approver_forwards_the_step_with_a_note(self):
        self.assertTrue(self._activity_of(self.approver))
        self._forward(self.approver, self.substitute)
        self.assertFalse(self._activity_of(self.approver))
        activity = self._activity_of(self.substitute)
        self.assertEqual(len(activity), 1)
        self.assertIn("Bob knows this customer", activity.note)
        self.assertEqual(self.step.forwarded_to_id, self.substitute)
        self.assertIn(
            "Alice Approver forwarded Sales approval to Bob Backup",
            self.order.message_ids[0].body,
        )
        # The step still waits for all its approvers; Bob decides it.
        self.assertEqual(self.order.state, "to_approve")
        self._approve(self.order, self.substitute)
        self.assertEqual(self.order.state, "sale")

    def test_forward_to_someone_who_cannot_decide_is_refused(self):
        for target in (self.salesperson, self.approver):
            with self.assertRefused(UserError, "only be forwarded to another"):
                self._forward(self.approver, target)
        self.assertFalse(self.step.forwarded_to_id)
        self.assertTrue(self._activity_of(self.approver))

    def test_forward_needs_a_note(self):
        with self.assertRefused(UserError, "why you forward"):
            self._forward(self.approver, self.substitute, note=" ")
        self.assertFalse(self.step.forwarded_to_id)

    def test_only_who_may_decide_forwards(self):
        with self.assertRaises(AccessError):
            self._forward(self.salesperson, self.substitute)
        self.assertFalse(self.step.forwarded_to_id)

    def test_forward_wizard_offers_the_other_approvers(self):
        action = self.order.with_user(self.approver).action_open_forward_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.approver)
            .with_context(**action["context"])
        )
        self.assertIn(self.substitute, wizard.eligible_user_ids)
        self.assertNotIn(self.approver, wizard.eligible_user_ids)
        self.assertNotIn(self.salesperson, wizard.eligible_user_ids)
        wizard.user_id = self.substitute
        wizard.note = "Please look at the discount"
        wizard.save().action_forward()
        self.assertEqual(self.step.forwarded_to_id, self.substitute)
