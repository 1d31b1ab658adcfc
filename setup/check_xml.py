# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Validate the addons' XML data files against Odoo's own schema (pre-commit hook).

Odoo refuses a data file that does not fit ``odoo/import_xml.rng`` when it loads it, which
for demo files only happens when a database is made with demo data (`make run`), never in
`make test`. Checking the schema here catches that before it lands.

Usage: check_xml.py FILE...   (ODOO_SRC: the Odoo source, default /opt/odoo-src)
"""

import os
import sys

from lxml import etree

SCHEMA = os.path.join(
    os.environ.get("ODOO_SRC", "/opt/odoo-src"), "odoo", "import_xml.rng"
)


def main(paths):
    # The schema includes its neighbours by relative path.
    here = os.getcwd()
    paths = [os.path.abspath(path) for path in paths]
    os.chdir(os.path.dirname(SCHEMA))
    try:
        schema = etree.RelaxNG(etree.parse(SCHEMA))
    finally:
        os.chdir(here)
    failed = 0
    for path in paths:
        root = etree.parse(path).getroot()
        if root.tag != "odoo":
            continue  # not a data file (e.g. a QWeb asset template)
        if not schema.validate(root.getroottree()):
            failed += 1
            for error in schema.error_log:
                print(f"{os.path.relpath(path)}:{error.line}: {error.message}")
            # The schema reports the first <data> that fails; name the element inside it.
            for child in root.iter("function", "record", "template", "menuitem"):
                single = etree.Element("odoo")
                etree.SubElement(single, "data").append(
                    etree.fromstring(etree.tostring(child))
                )
                if not schema.validate(etree.ElementTree(single)):
                    print(
                        f"  {os.path.relpath(path)}:{child.sourceline}: <{child.tag}> does not fit"
                    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
