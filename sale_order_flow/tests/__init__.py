# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import test_order_type
from . import test_review
from . import test_approval
from . import test_security
from . import test_reports
