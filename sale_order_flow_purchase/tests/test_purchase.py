# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.addons.sale_order_flow.tests.common import SaleOrderFlowCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPurchaseStartedByTheOrderType(SaleOrderFlowCase):
    """Products bought from a vendor (Buy route, vendor price), nothing else configured:
    the order type decides whether confirming requests a purchase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Timber Supplies"})
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.chair, cls.lamp = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 100.0,
                    "taxes_id": [Command.clear()],
                    "route_ids": [Command.set(buy.ids)],
                    "seller_ids": [
                        Command.create({"partner_id": cls.vendor.id, "price": 40.0})
                    ],
                }
                for name in ("Chair", "Lamp")
            ]
        )

    def _purchases(self, order):
        # The order's Purchase smart button (sale_purchase) lists these.
        return order.sudo()._get_purchase_orders()

    def test_make_to_order_confirmation_creates_one_linked_rfq(self):
        order = self._create_order(
            lines=[(self.chair, 4.0, 100.0), (self.lamp, 2.0, 100.0)],
            order_type_id=self.type_stock.id,
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        rfq = self._purchases(order)
        self.assertEqual(len(rfq), 1, "both products complete the same request")
        self.assertEqual((rfq.partner_id, rfq.state), (self.vendor, "draft"))
        self.assertEqual(
            {(line.product_id, line.product_qty) for line in rfq.order_line},
            {(self.chair, 4.0), (self.lamp, 2.0)},
        )
        self.assertEqual(order.sudo().purchase_order_count, 1)
        # The request's Sale button (sale_purchase) leads back to the order; what is
        # received goes to the order's delivery.
        self.assertEqual(rfq.sale_order_count, 1)
        self.assertEqual(rfq.origin, order.name)
        self.assertEqual(rfq.order_line.move_dest_ids.picking_id, order.picking_ids)
        self.assertFalse(any(rfq.order_line.mapped("sale_specification")))

    def test_custom_order_puts_its_specification_on_the_rfq_lines(self):
        order = self._create_order(
            lines=[(self.chair, 1.0, 100.0)],
            order_type_id=self.type_custom.id,
            specification="Seat in green leather",
            commitment_date="2030-01-01 10:00:00",
        )
        self._confirm_through_approval(order)
        self.assertEqual(order.state, "sale")
        rfq = self._purchases(order)
        self.assertEqual(len(rfq), 1)
        self.assertEqual(rfq.order_line.sale_specification, "Seat in green leather")

    def test_standard_order_requests_no_purchase(self):
        order = self._create_order(lines=[(self.chair, 1.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._purchases(order))

    def test_product_without_vendor_is_delivered_from_stock(self):
        stool = self.env["product.product"].create(
            {"name": "Stool", "type": "consu", "is_storable": True}
        )
        order = self._create_order(
            lines=[(self.chair, 1.0, 100.0), (stool, 1.0, 100.0)],
            order_type_id=self.type_stock.id,
        )
        order.action_confirm()
        # Odoo would refuse the whole order ("There is no matching vendor price..."): the
        # stool is delivered from stock instead, and the chatter says why.
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._purchases(order).order_line.product_id, self.chair)
        stool_line = order.order_line.filtered(lambda line: line.product_id == stool)
        self.assertFalse(stool_line.route_id)
        self.assertIn("Stool", order.message_ids[:1].body)
