#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Runs Odoo's own test suites (CORE_SUITES, default sale, sale_stock, stock, account,
# sale_management) twice in one run: on stock Odoo, and with our addons installed. Prints the
# failures of each and exits 1 when our addons introduce a failure stock Odoo does not have.
# It takes a long time (the account suite alone is large): it is not part of `make test`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
suites=${CORE_SUITES:-sale,sale_stock,stock,account,sale_management}
addons=${ADDONS:-sale_order_flow,sale_credit_guard,stock_backorder_alerts}
logs=$repo/.sof/test-core
mkdir -p "$logs"
tags=$(sed 's/\([^,]*\)/\/\1/g' <<<"$suites")

run_suites() { # db log http-port
    PYTHONPATH=$ODOO_SRC "$repo/.sof/venv/bin/python" "$ODOO_SRC/odoo-bin" -c "$repo/.sof/odoo.conf" \
        -d "$1" --test-enable --test-tags="$tags" --stop-after-init --log-level=test \
        --http-port="$3" >"$2" 2>&1 || true
}
failures() { # log -> sorted failing test ids
    grep -oE "(FAIL|ERROR): [A-Za-z0-9_]+ \([A-Za-z0-9_.]+\)" "$1" | sed -E 's/^(FAIL|ERROR): //' | sort -u
}
ran() { grep -oE "[0-9]+ post-tests|Ran [0-9]+ tests|[0-9]+ tests" "$1" | tail -n1 || true; }

bash "$here/odoo_db.sh" sof_core_stock nodemo ""
bash "$here/odoo_db.sh" sof_core_ours nodemo "$addons"
# Both runs at once, one per core, each with its own HTTP port for the browser tests.
echo "[test-core] Odoo's $suites tests on stock Odoo (log: $logs/stock.log)"
run_suites sof_core_stock "$logs/stock.log" 8078 &
echo "[test-core] the same tests with $addons installed (log: $logs/ours.log)"
run_suites sof_core_ours "$logs/ours.log" 8079 &
wait

failures "$logs/stock.log" >"$logs/stock.failures"
failures "$logs/ours.log" >"$logs/ours.failures"
new=$(comm -13 "$logs/stock.failures" "$logs/ours.failures")
stock_n=$(grep -c . "$logs/stock.failures" || true)
ours_n=$(grep -c . "$logs/ours.failures" || true)
new_n=$(grep -c . <<<"$new" || true)
echo "[test-core] stock Odoo: $stock_n failing tests; with our addons: $ours_n failing tests"
grep -hE "odoo.tests.result: [0-9]+ failed" "$logs/stock.log" "$logs/ours.log" || true
if [[ -n $new ]]; then
    echo "[test-core] new failures with our addons ($new_n):"
    sed 's/^/  /' <<<"$new"
    exit 1
fi
echo "[test-core] no new failure with our addons"
