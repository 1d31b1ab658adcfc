# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_approval,
    test_order_type,
    test_portal,
    test_reports,
    test_review,
    test_security,
    test_settings_validation,
)
