# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sale Order Flow - Purchase",
    "summary": "Make-to-order and custom orders create or complete requests for quotation "
    "linked to the order",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_order_flow", "sale_purchase_stock"],
    "data": ["views/purchase_order_views.xml"],
    "installable": True,
    "auto_install": True,
    "application": False,
}
