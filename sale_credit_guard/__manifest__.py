# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sale Credit Guard",
    "summary": "Customer credit exposure, credit limits that block, holds and release",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-order-flow/sale-order-flow",
    "author": "sale-order-flow contributors",
    "license": "LGPL-3",
    "depends": ["sale_order_flow", "account"],
    "data": ["security/sale_credit_guard_security.xml"],
    "installable": True,
    "application": False,
}
