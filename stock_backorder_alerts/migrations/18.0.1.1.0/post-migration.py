# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def migrate(cr, version):
    """The alert job's progress is now ``delay_alert_level``: transfers already alerted keep
    their level, so that nothing is alerted twice."""
    cr.execute(
        "UPDATE stock_picking SET delay_alert_level = delay_level"
        " WHERE delay_level > 0 AND delay_alert_level = 0"
    )
