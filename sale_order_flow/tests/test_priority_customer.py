# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestPriorityCustomer(SaleOrderFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key_customer = cls.env["res.partner"].create(
            {"name": "Key Account Inc", "is_company": True}
        )
        cls.key_customer.with_user(cls.sales_admin).sale_priority_customer = True
        cls.key_contact = cls.env["res.partner"].create(
            {"name": "Kim Buyer", "parent_id": cls.key_customer.id}
        )

    def _confirmed_order(self, partner, quantity):
        order = self._create_order(
            lines=[(self.product, quantity, 100.0)], partner_id=partner.id
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _receive(self, quantity):
        """The warehouse receives ``quantity`` of the product from a vendor."""
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": quantity,
                            "product_uom": self.product.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.write({"quantity": quantity, "picked": True})
        receipt._action_done()
        self.assertEqual(receipt.state, "done")

    def test_key_customer_deliveries_are_starred(self):
        # Ordered by a contact of the key customer: the company's flag counts.
        key_order = self._confirmed_order(self.key_contact, 1.0)
        other_order = self._confirmed_order(self.customer, 1.0)
        self.assertEqual(key_order.picking_ids.priority, "1")
        self.assertEqual(key_order.picking_ids.move_ids.priority, "1")
        self.assertEqual(other_order.picking_ids.priority, "0")

    def test_key_customer_gets_the_last_units_even_when_confirmed_second(self):
        self._set_stock(self.product, 2.0)
        # Both orders wait for more than the two units on hand.
        first = self._confirmed_order(self.customer, 5.0)
        second = self._confirmed_order(self.key_customer, 5.0)
        self.assertEqual(first.picking_ids.move_ids.quantity, 2.0)
        self.assertEqual(second.picking_ids.move_ids.quantity, 0.0)
        # The next units received go to the key customer first, although their order
        # came second.
        self._receive(5.0)
        self.assertEqual(second.picking_ids.move_ids.quantity, 5.0)
        self.assertEqual(second.picking_ids.state, "assigned")
        self.assertEqual(first.picking_ids.move_ids.quantity, 2.0)

    def test_scheduler_reserves_for_the_key_customer_first(self):
        first = self._confirmed_order(self.customer, 3.0)
        second = self._confirmed_order(self.key_customer, 3.0)
        # Stock found without a receipt (an inventory count): the scheduler reserves.
        self._set_stock(self.product, 3.0)
        self.env["procurement.group"].run_scheduler()
        self.assertEqual(second.picking_ids.move_ids.quantity, 3.0)
        self.assertEqual(first.picking_ids.move_ids.quantity, 0.0)

    def test_salesperson_cannot_make_a_customer_key(self):
        # A salesperson who may edit contacts.
        self.salesperson.groups_id = [
            Command.link(self.env.ref("base.group_partner_manager").id)
        ]
        partner = self.customer.with_user(self.salesperson)
        with self.assertRefused(AccessError, "sales administrator"):
            partner.sale_priority_customer = True
        self.assertFalse(self.customer.sale_priority_customer)
        with self.assertRefused(AccessError, "sales administrator"):
            self.key_customer.with_user(self.salesperson).write(
                {"sale_priority_customer": False}
            )
        self.assertTrue(self.key_customer.sale_priority_customer)
        with self.assertRefused(AccessError, "sales administrator"):
            self.env["res.partner"].with_user(self.salesperson).create(
                {"name": "Self-made VIP", "sale_priority_customer": True}
            )
        # Writing the same value (a form saving the whole record) is not a change.
        partner.write({"sale_priority_customer": False, "phone": "+32 2 000 00 00"})
        self.assertEqual(self.customer.phone, "+32 2 000 00 00")
