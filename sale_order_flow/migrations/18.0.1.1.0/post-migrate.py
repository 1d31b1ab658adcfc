# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipped order types are data loaded once (noupdate): bring those of an existing
database in line with what a fresh install ships, unless an administrator changed them."""

from odoo import SUPERUSER_ID, api

RENAMED = {
    # xml id: (former name, new name, new description)
    "sale_order_flow.sale_order_type_stock": (
        "Make-to-stock",
        "Make-to-order",
        "Confirmation starts production or purchasing of the ordered quantities (the "
        "lines go through the Replenish on Order route): a manufacturing order for "
        "products made in-house, a request for quotation for products bought.",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = env["sale.order.type"]
    for xml_id, (former, name, description) in RENAMED.items():
        order_type = env.ref(xml_id, raise_if_not_found=False)
        if order_type and order_type.name == former:
            order_type.write({"name": name, "description": description})
        types |= order_type or types
    custom = env.ref("sale_order_flow.sale_order_type_custom", raise_if_not_found=False)
    mto = env.ref("stock.route_warehouse0_mto", raise_if_not_found=False)
    if custom and mto and not custom.route_id:
        custom.route_id = mto
    if custom:
        types |= custom
    types._activate_routes()
