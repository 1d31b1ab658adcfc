# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import xmlrpc.client
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR


def delivery_vals(warehouse, partner, product, user=None, qty=1.0):
    """Values of a delivery (no sales order) of ``qty`` ``product`` from the stock of
    ``warehouse`` to ``partner``, ``user`` responsible: the tests, the cluster test and the
    alert job's bench create their deliveries from it."""
    stock = warehouse.lot_stock_id
    customers = warehouse.env.ref("stock.stock_location_customers")
    return {
        "picking_type_id": warehouse.out_type_id.id,
        "partner_id": partner.id,
        "user_id": user.id if user else False,
        "location_id": stock.id,
        "location_dest_id": customers.id,
        "move_ids": [
            Command.create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": product.uom_id.id,
                    "location_id": stock.id,
                    "location_dest_id": customers.id,
                }
            )
        ],
    }


class RpcCaseMixin:
    """Calls over XML-RPC against the test server, logged in as a real user; mix into an
    ``HttpCase`` (this addon does not depend on sale_order_flow, whose tests have the same
    helper). Users are made with ``new_test_user``, whose password is the login."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC, logged in as ``user``."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id, f"{user.login} logs in")
        return self.xmlrpc_object.execute_kw(
            db, uid, user.login, model, method, list(args), kwargs
        )

    def assertRpcRefused(self, user, model, method, *args, fault_code=None, **kwargs):
        """The call is refused to ``user`` (an XML-RPC fault, of ``fault_code`` if given);
        return the fault's message."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        if fault_code is not None:
            self.assertEqual(
                caught.exception.faultCode,
                fault_code,
                f"{user.login} {model}.{method}: {caught.exception.faultString[:300]}",
            )
        return caught.exception.faultString

    def assertRpcAccessError(self, user, model, method, *args, **kwargs):
        """The call is refused to ``user`` with an access error (XML-RPC fault 4)."""
        return self.assertRpcRefused(
            user, model, method, *args, fault_code=ACCESS_ERROR, **kwargs
        )


class BackorderAlertsCase(TransactionCase):
    """Fixtures: a warehouse with two storable products, a salesperson, a warehouse clerk, an
    inventory administrator and customers with an email address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {"backorder_notify_partial": True, "delay_reason_required": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.salesman = new_test_user(
            cls.env,
            login="sba_salesman",
            name="Sam Salesman",
            email="sam@example.com",
            groups="sales_team.group_sale_salesman",
        )
        cls.other_salesman = new_test_user(
            cls.env,
            login="sba_salesman2",
            name="Olga Salesman",
            email="olga@example.com",
            groups="sales_team.group_sale_salesman",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="sba_clerk",
            name="Carl Clerk",
            email="carl@example.com",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )
        cls.stock_manager = new_test_user(
            cls.env,
            login="sba_manager",
            name="Mia Manager",
            email="mia@example.com",
            groups="stock.group_stock_manager",
        )
        cls.product_a, cls.product_b = cls.env["product.product"].create(
            [
                {
                    "name": "Office Chair",
                    "is_storable": True,
                    "type": "consu",
                    "list_price": 50,
                },
                {
                    "name": "Desk Lamp",
                    "is_storable": True,
                    "type": "consu",
                    "list_price": 20,
                },
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Azure Interior", "email": "azure@example.com", "is_company": True}
        )

    # helpers ----------------------------------------------------------------------------------

    def _set_stock(self, product, quantity):
        self.env["stock.quant"]._update_available_quantity(
            product, self.stock_location, quantity
        )

    def _create_order(self, partner=None, lines=None, user=None):
        """Confirmed sales order; lines is a list of (product, quantity)."""
        lines = lines or [(self.product_a, 5)]
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": (user or self.salesman).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        order.action_confirm()
        return order

    def _create_delivery(self, partner=None, responsible=None, scheduled=None, qty=1.0):
        """Confirmed delivery without sales order."""
        picking = self.env["stock.picking"].create(
            delivery_vals(
                self.warehouse,
                partner or self.customer,
                self.product_a,
                user=responsible,
                qty=qty,
            )
        )
        picking.action_confirm()
        if scheduled:
            picking.scheduled_date = scheduled
        return picking

    def _hours_ago(self, hours):
        return fields.Datetime.now() - timedelta(hours=hours)

    def _pick_available(self, picking):
        """Reserve what is in stock and mark it picked, as a clerk does."""
        picking.action_assign()
        picking.move_ids.picked = True

    def _delay_activities(self, pickings):
        activity_type = self.env.ref(
            "stock_backorder_alerts.mail_activity_type_delivery_delay"
        )
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "stock.picking"),
                    ("res_id", "in", pickings.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def _queued_mails(self, record, partner=None):
        domain = [("model", "=", record._name), ("res_id", "=", record.id)]
        if partner:
            domain.append(("recipient_ids", "in", partner.ids))
        return self.env["mail.mail"].search(domain)
