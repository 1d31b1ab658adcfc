# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import io

from PIL import Image

from odoo.addons.payment.tests.common import PaymentCommon
from odoo.addons.sale_order_flow.controllers.portal import CustomerPortal
from odoo.tests import HttpCase, tagged

from .common import SaleOrderFlowCase


def _signature_png():
    image = io.BytesIO()
    Image.new("RGB", (20, 10), "black").save(image, "PNG")
    return base64.b64encode(image.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestPortalAcceptance(SaleOrderFlowCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_tiers()

    def _accept(self, order):
        order._portal_ensure_token()
        order.write({"require_signature": True, "require_payment": False})
        self.authenticate(None, None)
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order.access_token,
                "name": "Carla Customer",
                "signature": _signature_png(),
            },
        )

    def test_customer_signing_a_quotation_that_needs_approval_submits_it(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_quotation_sent()
        result = self._accept(order)
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.signed_by, "Carla Customer")
        self.assertTrue(order.approval_ids.is_current)
        # The customer still finds it among their quotations.
        domain = CustomerPortal()._prepare_quotations_domain(self.customer)
        self.customer.invalidate_recordset()
        self.assertIn(order, self.env["sale.order"].search(domain))

    def test_customer_gets_the_confirmation_email_once_approved(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        order.action_quotation_sent()
        self._accept(order)
        self.assertTrue(order.approval_send_email)
        template = order._get_confirmation_template()
        # Submitted, not confirmed: no confirmation email yet.
        self.assertFalse(
            order.message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
                and order.name in (m.subject or "")
                and "Order" in m.subject
            )
        )
        messages = order.message_ids
        order.with_user(self.approver).action_approve(
            approval_ids=order.approval_ids.filtered("is_current").ids
        )
        self.assertEqual(order.state, "sale")
        sent = order.message_ids - messages
        confirmation = sent.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
            and order.name in (m.subject or "")
        )
        self.assertTrue(template)
        self.assertEqual(confirmation.partner_ids, self.customer)

    def test_customer_signing_a_plain_quotation_confirms_it(self):
        order = self._create_order(lines=[(self.product, 1.0, 100.0)])
        order.action_quotation_sent()
        self._accept(order)
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestOnlinePayment(SaleOrderFlowCase, PaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_tiers()

    def _pay(self, order):
        tx = self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            amount=order.amount_total,
            currency_id=order.currency_id.id,
            partner_id=order.partner_id.id,
            state="done",
        )
        tx._post_process()
        return tx

    def test_payment_of_a_quotation_that_needs_approval_submits_it(self):
        order = self._create_order(lines=[(self.product, 20.0, 100.0)])
        self._pay(order)
        self.assertEqual(order.state, "to_approve")

    def test_payment_of_a_blocked_quotation_keeps_it_and_tells_the_salesperson(self):
        self.type_standard.require_client_order_ref = True
        order = self._create_order()
        self._pay(order)
        self.assertEqual(order.state, "draft")
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        )
