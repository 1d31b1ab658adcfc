# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Our addons are installed in the test database, with their groups.

`make test` installs the addons into a fresh database before pytest starts; it stops with an
error when one of them does not install. These tests check the result from inside Odoo, so a
database where an addon is missing or half-installed cannot pass.
"""

from odoo.tests import TransactionCase, tagged

OUR_ADDONS = (
    "sale_order_flow",
    "sale_credit_guard",
    "stock_backorder_alerts",
    # The bridges to manufacturing and purchase (make test installs mrp and purchase_stock).
    "sale_order_flow_mrp",
    "sale_order_flow_purchase",
)


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", OUR_ADDONS)])
        self.assertEqual(
            {m.name: m.state for m in modules},
            dict.fromkeys(OUR_ADDONS, "installed"),
        )

    def test_addon_models_loaded(self):
        # A module row can say "installed" while its Python was not loaded in this registry.
        for addon in OUR_ADDONS:
            self.assertIn(addon, self.env.registry._init_modules)

    def test_groups_exist(self):
        approver = self.env.ref("sale_order_flow.group_sale_approver")
        controller = self.env.ref("sale_credit_guard.group_credit_controller")
        self.assertIn(
            approver, self.env.ref("sales_team.group_sale_manager").implied_ids
        )
        self.assertIn(
            controller, self.env.ref("account.group_account_manager").implied_ids
        )
