# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Stock Backorder Alerts",
    "summary": "Partial shipments by customer policy, backorders, late delivery alerts with delay reasons",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_stock", "mail"],
    "data": [],
    "installable": True,
    "application": False,
}
