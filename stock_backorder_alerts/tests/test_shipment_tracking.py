# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shipment tracking: each delivery of an order with its state, date shipped, carrier and
tracking link, on the order form, in the customer emails and on the customer's portal."""

from odoo.tests import Form, HttpCase, tagged

from .common import BackorderAlertsCase

TRACKING_URL = "https://track.example.com/parcel?ref="


@tagged("post_install", "-at_install")
class TestShipmentTracking(BackorderAlertsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        shipping = cls.env["product.product"].create(
            {"name": "Swift shipping", "type": "service", "list_price": 0}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Swift Parcels",
                "delivery_type": "fixed",
                "product_id": shipping.id,
                "tracking_url": TRACKING_URL + "<shipmenttrackingnumber>",
            }
        )

    def _ship(self, order, tracking_ref, quantity=None):
        """The clerk picks (``quantity`` of the first line, or everything available), sets
        the carrier and the tracking number, and validates."""
        delivery = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        self._pick_available(delivery)
        if quantity is not None:
            delivery.move_ids[0].quantity = quantity
        delivery.with_user(self.clerk).write(
            {"carrier_id": self.carrier.id, "carrier_tracking_ref": tracking_ref}
        )
        self.assertIs(delivery.with_user(self.clerk).button_validate(), True)
        return delivery

    def test_order_form_lists_each_delivery_with_its_tracking(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        first = self._ship(order, "TRK-001")
        backorder = order.picking_ids - first

        shipments = order.with_user(self.salesman).shipment_ids
        self.assertEqual(shipments, first | backorder)
        rows = {
            row["id"]: row
            for row in shipments.read(
                ["state", "date_done", "carrier_id", "carrier_tracking_url"]
            )
        }
        self.assertEqual(rows[first.id]["state"], "done")
        self.assertTrue(rows[first.id]["date_done"])
        self.assertEqual(rows[first.id]["carrier_id"][0], self.carrier.id)
        self.assertEqual(
            rows[first.id]["carrier_tracking_url"], TRACKING_URL + "TRK-001"
        )
        self.assertFalse(rows[backorder.id]["date_done"])
        # the Deliveries tab of the order form, as the salesperson opens it
        form = Form(order.with_user(self.salesman))
        self.assertEqual(len(form.shipment_ids), 2)

    def test_partial_shipment_email_has_the_tracking_link(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        self._ship(order, "TRK-002")
        mails = self._queued_mails(order, self.customer)
        self.assertEqual(len(mails), 1, "one email: the partial shipment one")
        self.assertEqual(mails.state, "outgoing")
        self.assertIn("Still to come", mails.body_html)
        self.assertIn(f'href="{TRACKING_URL}TRK-002"', mails.body_html)
        self.assertIn("Swift Parcels", mails.body_html)
        self.assertIn("In preparation", mails.body_html, "the backorder is listed")

    def test_shipped_email_per_delivery_when_the_company_wants_it(self):
        self.company.delivery_notify_shipped = True
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        first = self._ship(order, "TRK-003")
        self.assertEqual(
            len(self._queued_mails(order, self.customer)),
            1,
            "a partial delivery gets the partial shipment email only",
        )
        self._set_stock(self.product_a, 2)
        second = self._ship(order, "TRK-004")
        self.assertEqual(second.backorder_id, first)
        mails = self._queued_mails(order, self.customer)
        self.assertEqual(len(mails), 2)
        shipped = mails.filtered(lambda m: second.name in m.subject)
        self.assertIn("has shipped", shipped.subject)
        self.assertEqual(shipped.state, "outgoing")
        self.assertIn(f'href="{TRACKING_URL}TRK-004"', shipped.body_html)
        self.assertIn(f'href="{TRACKING_URL}TRK-003"', shipped.body_html, "all of them")

    def test_no_shipped_email_by_default(self):
        self.assertFalse(self.env["res.company"].new({}).delivery_notify_shipped)
        self.company.delivery_notify_shipped = False
        self._set_stock(self.product_a, 5)
        order = self._create_order()
        self._ship(order, "TRK-005")
        self.assertFalse(self._queued_mails(order, self.customer))

    def test_portal_order_page_shows_the_tracking_link(self):
        self.customer.backorder_policy = "partial_backorder"
        self._set_stock(self.product_a, 3)
        order = self._create_order()
        first = self._ship(order, "TRK-006")
        backorder = order.picking_ids - first
        self.env.flush_all()

        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('id="shipments"', page)
        self.assertIn(f'href="{TRACKING_URL}TRK-006"', page)
        self.assertIn("Swift Parcels", page)
        self.assertIn(first.name, page)
        self.assertIn(backorder.name, page)
        self.assertIn("In preparation", page)
