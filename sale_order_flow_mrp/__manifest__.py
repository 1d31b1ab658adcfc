# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sale Order Flow - Manufacturing",
    "summary": "Make-to-order and custom orders start manufacturing orders that carry the "
    "customer's specification",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_order_flow", "sale_mrp"],
    "data": ["views/mrp_production_views.xml"],
    "installable": True,
    "auto_install": True,
    "application": False,
}
