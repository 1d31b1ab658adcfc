# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_approval,
    test_approval_absence_rpc,
    test_approval_follow_up,
    test_approval_forward,
    test_approval_queue,
    test_approval_substitutes,
    test_gate,
    test_order_type,
    test_portal,
    test_privacy,
    test_reports,
    test_review,
    test_review_discounts,
    test_review_panel,
    test_security,
    test_settings_validation,
)
