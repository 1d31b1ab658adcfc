# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_backorder_policy,
    test_delay_alerts,
    test_delay_concurrency,
    test_delay_promise,
    test_delay_protection,
    test_delay_reason,
    test_otif,
    test_privacy,
    test_security,
    test_settings_validation,
    test_shipment_tracking,
)
