# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SaleOrderFlowCase


@tagged("post_install", "-at_install")
class TestOrderType(SaleOrderFlowCase):
    def test_new_order_gets_the_company_standard_type_and_odoo_numbering(self):
        order = self._create_order()
        self.assertEqual(order.order_type_id, self.type_standard)
        # The standard type keeps Odoo's own numbering, as on a fresh install.
        self.assertTrue(order.name.startswith("S0"), order.name)

    def test_customer_type_is_the_default_and_numbers_the_order(self):
        self.customer.sale_order_type_id = self.type_service
        order = self._create_order(lines=[(self.service, 1.0, 50.0)])
        self.assertEqual(order.order_type_id, self.type_service)
        self.assertTrue(order.name.startswith("SV"), order.name)

    def test_form_proposes_the_customer_type(self):
        self.customer.sale_order_type_id = self.type_custom
        form = Form(self.env["sale.order"].with_user(self.salesperson))
        form.partner_id = self.customer
        self.assertEqual(form.order_type_id, self.type_custom)
        order = form.save()
        self.assertTrue(order.name.startswith("SC"), order.name)

    def test_copy_gets_a_fresh_number_of_its_type(self):
        order = self._create_order(
            lines=[(self.service, 1.0, 50.0)], order_type_id=self.type_service.id
        )
        copy = order.copy()
        self.assertEqual(copy.order_type_id, self.type_service)
        self.assertTrue(copy.name.startswith("SV"))
        self.assertNotEqual(copy.name, order.name)

    def test_changing_the_type_renumbers_from_the_new_sequence_once(self):
        order = self._create_order()
        first = order.name
        order.order_type_id = self.type_service
        self.assertTrue(order.name.startswith("SV"), order.name)
        service_number = order.name
        # Same sequence: no number burnt.
        order.write({"order_type_id": self.type_service.id})
        self.assertEqual(order.name, service_number)
        order.order_type_id = self.type_standard
        self.assertTrue(order.name.startswith("S0"))
        self.assertNotEqual(order.name, first, "a number is never given twice")

    def test_type_of_confirmed_order_cannot_change(self):
        order = self._create_order()
        order.action_confirm()
        with self.assertRaises(UserError):
            order.order_type_id = self.type_service

    def _replenished_on_order(self):
        """Make the product one a make-to-order type can replenish wherever the tests run:
        with purchase_stock installed, Odoo buys it from its vendor (the warehouse's Buy
        route); without, a receipt from the vendor is planned."""
        vendor = self.env["res.partner"].create({"name": "Widget Maker"})
        self.product.seller_ids = [
            Command.create({"partner_id": vendor.id, "price": 50.0})
        ]

    def test_shipped_types_are_named_for_what_they_do(self):
        self.assertEqual(self.type_standard.name, "Standard")
        self.assertFalse(self.type_standard.route_id)
        self.assertEqual(self.type_stock.name, "Make-to-order")
        self.assertEqual(self.type_custom.name, "Custom")
        mto = self.env.ref("stock.route_warehouse0_mto")
        self.assertEqual(self.type_stock.route_id, mto)
        self.assertEqual(self.type_custom.route_id, mto)

    def test_make_to_order_type_works_without_configuration(self):
        # Odoo ships the Replenish on Order route archived; installing the types
        # activated it, with the warehouse's rule: nothing is unarchived by hand here.
        route = self.type_stock.route_id
        self.assertTrue(route.active)
        self.assertTrue(self.warehouse.mto_pull_id.active)
        self._replenished_on_order()
        order = self._create_order(order_type_id=self.type_stock.id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.route_id, route)
        delivery = order.picking_ids.move_ids.filtered(
            lambda move: move.location_dest_id.usage == "customer"
        )
        self.assertEqual(delivery.procure_method, "make_to_order")

    def test_custom_type_replenishes_on_order(self):
        self._replenished_on_order()
        order = self._create_order(
            order_type_id=self.type_custom.id,
            specification="Blue, 2 m",
            commitment_date="2030-01-01 10:00:00",
        )
        self._confirm_through_approval(order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.route_id, self.type_custom.route_id)

    def test_activating_the_types_routes_reactivates_an_archived_route(self):
        route = self.type_stock.route_id
        route.action_archive()
        self.assertFalse(self.warehouse.mto_pull_id.active)
        (self.type_stock | self.type_standard)._activate_routes()
        self.assertTrue(route.active)
        self.assertTrue(self.warehouse.mto_pull_id.active)

    def test_make_to_order_with_archived_route_is_blocked_with_advice(self):
        self.type_stock.route_id.action_archive()
        order = self._create_order(order_type_id=self.type_stock.id)
        with self.assertRaisesRegex(UserError, "archived"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_service_type_refuses_goods(self):
        order = self._create_order(order_type_id=self.type_service.id)
        with self.assertRaisesRegex(UserError, "services only"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_custom_type_needs_specification_and_approval(self):
        order = self._create_order(order_type_id=self.type_custom.id)
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        # Every missing item is listed at once.
        self.assertIn("specification", str(error.exception))
        self.assertIn("delivery date", str(error.exception))
        order.write(
            {
                "specification": "Blue, 2 m",
                "commitment_date": "2030-01-01 10:00:00",
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
