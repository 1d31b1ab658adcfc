# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sale Credit Guard",
    "summary": "Customer credit exposure, credit limits that block, holds and release",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_order_flow", "account"],
    "demo": ["demo/sale_credit_guard_demo.xml"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/sale_credit_guard_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/sale_credit_hold_wizard_views.xml",
        "wizards/sale_credit_release_wizard_views.xml",
        "views/sale_credit_guard_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["sale_credit_guard/static/tests/tours/*.js"],
    },
    "installable": True,
    "application": False,
}
