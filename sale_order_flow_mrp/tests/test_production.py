# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.addons.sale_order_flow.tests.common import SaleOrderFlowCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestProductionStartedByTheOrderType(SaleOrderFlowCase):
    """A product made in-house (bill of materials, Manufacture route), nothing else
    configured: the order type decides whether confirming starts production."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.component = cls.env["product.product"].create(
            {"name": "Oak board", "type": "consu", "is_storable": True}
        )
        cls.desk = cls.env["product.product"].create(
            {
                "name": "Desk",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
                "route_ids": [
                    Command.set(cls.env.ref("mrp.route_warehouse0_manufacture").ids)
                ],
            }
        )
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.desk.product_tmpl_id.id,
                "product_qty": 1.0,
                "bom_line_ids": [
                    Command.create({"product_id": cls.component.id, "product_qty": 2})
                ],
            }
        )

    def _productions(self, order):
        # The order's Manufacturing smart button (sale_mrp) lists these.
        return order.sudo().mrp_production_ids

    def test_make_to_order_confirmation_creates_a_linked_manufacturing_order(self):
        order = self._create_order(
            lines=[(self.desk, 3.0, 100.0)], order_type_id=self.type_stock.id
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        production = self._productions(order)
        self.assertEqual(len(production), 1)
        self.assertEqual(
            (production.product_id, production.product_qty, production.state),
            (self.desk, 3.0, "confirmed"),
        )
        self.assertEqual(production.origin, order.name)
        self.assertEqual(order.sudo().mrp_production_count, 1)
        self.assertEqual(production.sale_order_count, 1)
        # What is made goes to the order's delivery.
        self.assertEqual(
            production.move_finished_ids.move_dest_ids.picking_id, order.picking_ids
        )
        self.assertFalse(production.sale_specification)

    def test_custom_order_puts_its_specification_on_the_manufacturing_order(self):
        order = self._create_order(
            lines=[(self.desk, 1.0, 100.0)],
            order_type_id=self.type_custom.id,
            specification="Oak, 220 x 90 cm, cable tray on the left",
            commitment_date="2030-01-01 10:00:00",
        )
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        self.assertFalse(self._productions(order), "nothing starts before approval")
        self._confirm_through_approval(order)
        self.assertEqual(order.state, "sale")
        production = self._productions(order)
        self.assertEqual(len(production), 1)
        self.assertEqual(
            production.sale_specification, "Oak, 220 x 90 cm, cable tray on the left"
        )

    def test_standard_order_is_delivered_from_stock_without_production(self):
        order = self._create_order(lines=[(self.desk, 1.0, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._productions(order))

    def test_product_without_bill_of_materials_is_delivered_from_stock(self):
        chair = self.env["product.product"].create(
            {
                "name": "Chair",
                "type": "consu",
                "is_storable": True,
                "route_ids": [
                    Command.set(self.env.ref("mrp.route_warehouse0_manufacture").ids)
                ],
            }
        )
        order = self._create_order(
            lines=[(self.desk, 1.0, 100.0), (chair, 1.0, 100.0)],
            order_type_id=self.type_stock.id,
        )
        order.action_confirm()
        # Odoo would refuse the whole order ("No bill of materials..."): the chair is
        # delivered from stock instead, and the chatter says why.
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._productions(order).product_id, self.desk)
        chair_line = order.order_line.filtered(lambda line: line.product_id == chair)
        self.assertFalse(chair_line.route_id)
        self.assertIn("Chair", order.message_ids[:1].body)
