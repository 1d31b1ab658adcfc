# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    stock_alert_xlsx_download,
    stock_alert_xlsx_mixin,
    stock_backorder_report,
    stock_delay_report,
    stock_otif_report,
)
