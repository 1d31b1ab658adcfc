# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    account_move,
    account_move_line,
    mail_activity,
    res_company,
    res_config_settings,
    res_partner,
    sale_credit_exposure,
    sale_credit_lock,
    sale_order,
    stock_picking,
)
