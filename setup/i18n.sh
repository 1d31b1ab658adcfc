#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Usage: setup/i18n.sh [DB]
# Regenerates each addon's i18n/<addon>.pot from a database where the addons are installed
# (DB, default sof_i18n, recreated here) and merges the new template into i18n/zh_CN.po
# (msgmerge keeps every existing translation; new strings arrive untranslated, changed ones
# fuzzy). Prints the statistics: what is left to translate.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
db=${1:-sof_i18n}
addons=${ADDONS:-sale_order_flow,sale_credit_guard,stock_backorder_alerts,sale_order_flow_mrp,sale_order_flow_purchase}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
conf=$repo/.sof/odoo.conf
py=$repo/.sof/venv/bin/python

bash "$here/odoo_db.sh" "$db" nodemo "$addons"
for addon in ${addons//,/ }; do
    mkdir -p "$repo/$addon/i18n"
    pot=$repo/$addon/i18n/$addon.pot
    PYTHONPATH=$ODOO_SRC "$py" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" --log-level=warn \
        --i18n-export="$pot" --modules="$addon" --stop-after-init
    po=$repo/$addon/i18n/zh_CN.po
    [[ -f $po ]] || msginit --no-translator --locale=zh_CN --input="$pot" --output-file="$po" 2>/dev/null
    msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" "$pot"
    # Obsolete entries (#~) of removed strings are dropped: the history is in git.
    msgattrib --no-obsolete -o "$po" "$po"
    printf '%s: ' "$addon/i18n/zh_CN.po"
    msgfmt --statistics -o /dev/null "$po"
done
