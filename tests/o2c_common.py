# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company every cross-addon test works in: users of each role, two approval tiers,
credit limits, shipping policies and delay alerts, all switched on."""

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


class OrderToCashCase(TransactionCase):
    """A company with every control on: price tolerance 10 %, two approval tiers (1,000 for
    approvers, 10,000 for directors), credit limits, shipping policies and delay alerts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "sale_check_price_tolerance": True,
                "sale_price_tolerance": 10.0,
                "sale_check_below_cost": True,
                "account_use_credit_limit": True,
                "credit_hold_orders": True,
                "credit_overdue_grace_days": 30,
                "backorder_notify_partial": True,
                "delay_reason_required": True,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.directors = cls.env["res.groups"].create({"name": "Sales Directors"})
        cls.salesperson = new_test_user(
            cls.env,
            login="o2c_sales",
            name="Sam Sales",
            email="sam@example.com",
            # The company sells with discounts (Sales settings: Discounts).
            groups="sales_team.group_sale_salesman,sale.group_discount_per_so_line",
        )
        cls.approver = new_test_user(
            cls.env,
            login="o2c_approver",
            name="Alice Approver",
            email="alice@example.com",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.director = new_test_user(
            cls.env,
            login="o2c_director",
            name="Dana Director",
            email="dana@example.com",
            groups="sale_order_flow.group_sale_approver",
        )
        cls.director.groups_id = [Command.link(cls.directors.id)]
        cls.controller = new_test_user(
            cls.env,
            login="o2c_controller",
            name="Chris Controller",
            email="chris@example.com",
            groups="sale_credit_guard.group_credit_controller",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="o2c_clerk",
            name="Carl Clerk",
            email="carl@example.com",
            groups="stock.group_stock_user",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="o2c_accountant",
            name="Anna Accountant",
            email="anna@example.com",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
        )
        Tier = cls.env["sale.approval.tier"]
        cls.tier_1 = Tier.create(
            {"name": "Sales approval", "sequence": 1, "min_amount": 1000.0}
        )
        cls.tier_2 = Tier.create(
            {
                "name": "Director approval",
                "sequence": 2,
                "min_amount": 10000.0,
                "group_id": cls.directors.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Azure Interior",
                "is_company": True,
                "email": "azure@example.com",
                "country_id": cls.env.ref("base.be").id,
                "zip": "1000",
                "backorder_policy": "partial_backorder",
                "use_partner_credit_limit": True,
                "credit_limit": 100000.0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Custom Cabinet",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 100.0,
                "standard_price": 50.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.custom_type = cls.env.ref("sale_order_flow.sale_order_type_custom")

    def _set_stock(self, quantity):
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, quantity
        )

    def _new_order(self, partner, qty, discount=0.0, order_type=None):
        """The salesperson types a quotation in the order form."""
        form = Form(self.env["sale.order"].with_user(self.salesperson))
        form.partner_id = partner
        if order_type:
            form.order_type_id = order_type
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = qty
            line.discount = discount
        return form.save()

    def _deliver(self, picking, user, quantity=None):
        """The clerk reserves, picks what is there and validates."""
        picking = picking.with_user(user)
        picking.action_assign()
        for move in picking.move_ids:
            if quantity is not None:
                move.quantity = quantity
            move.picked = True
        return picking.button_validate()

    def _delay_activities(self, picking):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "stock.picking"),
                    ("res_id", "=", picking.id),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref(
                            "stock_backorder_alerts.mail_activity_type_delivery_delay"
                        ).id,
                    ),
                ]
            )
        )
