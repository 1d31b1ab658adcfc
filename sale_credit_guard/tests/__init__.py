# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_credit_accountant,
    test_credit_concurrency,
    test_credit_exposure,
    test_credit_figures,
    test_credit_gate,
    test_credit_hold,
    test_credit_panel,
    test_credit_performance,
    test_credit_portal,
    test_credit_prepaid,
    test_credit_screens,
    test_credit_security,
    test_credit_terms,
    test_exposure_integrity,
    test_privacy,
    test_settings_validation,
)
