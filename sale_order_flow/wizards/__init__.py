# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    sale_order_approve_wizard,
    sale_order_forward_wizard,
    sale_order_reject_wizard,
    sale_order_shortage_wizard,
    sale_order_shortage_wizard_line,
    sale_order_xlsx_export,
)
