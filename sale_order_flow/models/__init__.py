# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order_type
from . import sale_approval_tier
from . import sale_order_approval
from . import sale_order
from . import sale_order_line
