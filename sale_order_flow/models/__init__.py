# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

# The mixins are loaded first: sale.order inherits them.
from . import sale_order_approval_mixin, sale_order_review_mixin

# isort: split
from . import (
    payment_transaction,
    res_company,
    res_config_settings,
    res_partner,
    sale_approval_tier,
    sale_order,
    sale_order_approval,
    sale_order_line,
    sale_order_type,
)
