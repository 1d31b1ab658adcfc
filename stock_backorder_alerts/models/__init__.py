# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    stock_delay_reason,
    stock_delay_rule,
    stock_picking,
    stock_picking_delay,
)
