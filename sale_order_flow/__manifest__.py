# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sale Order Flow",
    "summary": "Order types, automatic review, multi-level approval and locking of sales orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_management", "sale_stock"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/sale_order_flow_security.xml",
        "security/ir.model.access.csv",
        "data/sale_order_type_data.xml",
        "views/sale_order_type_views.xml",
        "views/sale_approval_tier_views.xml",
        "views/sale_order_approval_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/sale_order_approve_wizard_views.xml",
        "wizards/sale_order_reject_wizard_views.xml",
        "views/sale_portal_templates.xml",
        "report/sale_order_report_templates.xml",
    ],
    "demo": ["demo/sale_order_flow_demo.xml"],
    "assets": {
        "web.assets_tests": ["sale_order_flow/static/tests/tours/*.js"],
    },
    "installable": True,
    "application": False,
}
