# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    base_partner_merge_automatic_wizard,
    sale_credit_hold_wizard,
    sale_credit_hold_wizard_line,
    sale_credit_release_wizard,
)
