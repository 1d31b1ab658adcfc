# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new promise when late, on a moved clock: the customer is told the new date and why, the
promise becomes the reference of the alerts; kept, nothing more is alerted; broken, the
alerts start again and the customer's delay email states the new date, the reason in
customer words and the rule's remedy."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestDelayPromise(BackorderAlertsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Picking = cls.env["stock.picking"]
        cls.reason = cls.env.ref("stock_backorder_alerts.delay_reason_supplier_late")
        cls.rule_3 = cls.env.ref("stock_backorder_alerts.delay_rule_level_3_customer")
        cls.rule_3.customer_remedy = (
            "<p>We are sorry: shipping of this delivery is on us.</p>"
        )
        cls.start = fields.Datetime.now().replace(microsecond=0)
        cls.promise = cls.start + timedelta(days=2)

    def setUp(self):
        super().setUp()
        self.order = self._create_order()
        self.delivery = self.order.picking_ids
        self.delivery.user_id = self.clerk
        self.delivery.scheduled_date = self.start - timedelta(hours=30)
        self.Picking._cron_delay_alerts()
        self.assertEqual(self.delivery.delay_level, 2)

    def _promise(self, user):
        action = self.delivery.with_user(user).action_open_delay_promise_wizard()
        wizard = Form.from_action(self.env(user=user), action)
        wizard.promise_date = self.promise
        wizard.delay_reason_id = self.reason
        wizard.delay_note = "Container stuck in port"
        self.assertEqual(wizard.customer_message, "our supplier delivered late to us")
        wizard.save().action_confirm()

    def _customer_mails(self):
        return self._queued_mails(self.order, self.customer).sorted("id")

    def _open_activities(self):
        return self._delay_activities(self.delivery).filtered("active")

    def test_the_customer_is_told_the_new_date_and_why_at_once(self):
        self._promise(self.clerk)
        self.assertEqual(self.delivery.delay_promise_date, self.promise)
        self.assertEqual(self.delivery.delay_reason_id, self.reason)
        self.assertFalse(self._open_activities(), "the alerts are answered")
        feedback = self.delivery.message_ids.filtered(
            lambda m: "A new date was promised" in str(m.body)
        )
        self.assertTrue(feedback)
        self.assertIn(format_date(self.env, self.promise), str(feedback[0].body))
        mails = self._customer_mails()
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        self.assertIn(self.delivery.name, mails.body_html)
        self.assertIn(
            f"New expected date: {format_date(self.env, self.promise)}", mails.body_html
        )
        self.assertIn("our supplier delivered late to us", mails.body_html)
        self.assertIn("Office Chair", mails.body_html, "what is late")
        self.assertNotIn("Container stuck", mails.body_html, "the note is internal")

    def test_the_button_shows_on_late_open_deliveries(self):
        form = Form(self.delivery.with_user(self.clerk))
        self.assertEqual(form.current_delay_level, 2)
        view = self.env["stock.picking"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_open_delay_promise_wizard"', view)

    def test_several_late_deliveries_promised_from_the_list(self):
        other = self._create_order().picking_ids
        other.scheduled_date = self.start - timedelta(hours=6)
        deliveries = self.delivery | other
        action = (
            self.env.ref("stock_backorder_alerts.action_server_delay_promise")
            .with_user(self.clerk)
            .with_context(active_model="stock.picking", active_ids=deliveries.ids)
            .run()
        )
        wizard = Form.from_action(self.env(user=self.clerk), action)
        wizard.promise_date = self.promise
        wizard.delay_reason_id = self.reason
        wizard.save().action_confirm()
        self.assertEqual(deliveries.mapped("delay_promise_date"), [self.promise] * 2)
        self.assertEqual(len(self._queued_mails(self.order, self.customer)), 1)
        self.assertEqual(len(self._queued_mails(other.sale_id, self.customer)), 1)

    def test_the_salesperson_promises_too(self):
        self._promise(self.salesman)
        self.assertEqual(self.delivery.delay_promise_date, self.promise)
        message = self.order.message_ids.filtered(
            lambda m: self.delivery.name in (m.subject or "")
        )
        self.assertEqual(message.author_id, self.salesman.partner_id)

    def test_a_kept_promise_raises_no_further_alert(self):
        self._promise(self.clerk)
        activities = self._delay_activities(self.delivery)
        for hours in (1, 24, 47):
            with freeze_time(self.start + timedelta(hours=hours)):
                self.Picking._cron_delay_alerts()
        self.assertEqual(self._delay_activities(self.delivery), activities)
        self.assertEqual(len(self._customer_mails()), 1, "the promise email only")

        with freeze_time(self.promise - timedelta(hours=1)):
            self._set_stock(self.product_a, 5)
            self._pick_available(self.delivery)
            self.assertIs(self.delivery.with_user(self.clerk).button_validate(), True)
        self.assertEqual(self.delivery.delay_level, 2, "late against the first date")
        self.assertAlmostEqual(self.delivery.delay_days, 3.2, delta=0.1)  # 77 hours

    def test_a_broken_promise_escalates_again(self):
        self._promise(self.clerk)
        with freeze_time(self.promise + timedelta(hours=5)):
            self.Picking._cron_delay_alerts()
            self.assertEqual(self.delivery.delay_alert_level, 1)
            self.assertEqual(self.delivery.delay_level, 2, "the highest level is kept")
            activity = self._open_activities()
            self.assertEqual(activity.user_id, self.clerk)
            self.assertIn("level 1", activity.summary)
            self.assertIn("was promised for", str(activity.note))
        with freeze_time(self.promise + timedelta(hours=49)):
            self.Picking._cron_delay_alerts()
            self.assertEqual(self.delivery.delay_alert_level, 3)
            self.assertEqual(self.delivery.delay_level, 3)
            mails = self._customer_mails()
            self.assertEqual(len(mails), 2, "the promise, then the level 3 email")
            body = mails[-1].body_html
            self.assertIn(
                f"New expected date: {format_date(self.env, self.promise)}", body
            )
            self.assertIn("our supplier delivered late to us", body)
            self.assertIn("shipping of this delivery is on us", body, "the remedy")
            self.Picking._cron_delay_alerts()
            self.assertEqual(len(self._customer_mails()), 2, "once per level")
