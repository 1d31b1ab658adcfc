# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    bounded_numbers_mixin,
    payment_transaction,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sale_approval_absence,
    sale_approval_tier,
    sale_order,
    sale_order_approval,
    sale_order_approval_eligibility,
    sale_order_approval_flow,
    sale_order_approval_followup,
    sale_order_approval_queue,
    sale_order_delivery,
    sale_order_gate,
    sale_order_line,
    sale_order_review,
    sale_order_review_panel,
    sale_order_shortage,
    sale_order_type,
    stock_move,
    stock_picking,
    stock_rule,
)
