# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin`` for the load benchmarks (see ``loadlib.start_server``).

With ``--workers``, Odoo's master process starts its websocket process as ``<this script>
gevent ...``. Before monkey-patching, gevent loads its plugins through ``pkg_resources``, whose
requirement check fails on the normalized ``zope_interface`` metadata of recent releases
("The 'zope.interface' distribution was not found"): the process dies, the master starts it
again, and so on, eating a CPU core for the whole benchmark. The plugins are loaded here
without that check; everything else is ``odoo-bin``.
"""

import os
import sys

os.environ["TZ"] = "UTC"  # as odoo-bin does, before anything imports time

if sys.argv[1:2] == ["gevent"]:
    import gevent.events

    def notify_and_call_entry_points(event):
        gevent.events.notify(event)
        for plugin in gevent.events.iter_entry_points(event.ENTRY_POINT_NAME):
            plugin.resolve()(event)

    gevent.events.notify_and_call_entry_points = notify_and_call_entry_points

import odoo

if __name__ == "__main__":
    odoo.cli.main()
