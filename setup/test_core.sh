#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Runs Odoo's own test suites (CORE_SUITES, default sale, sale_stock, stock, account,
# sale_management) the way Odoo's CI does: each side installs the suites' modules into a
# fresh database with --test-enable, so every at_install test runs right after its module is
# installed and every post_install test once everything is. Two sides in one run, one per
# core: stock Odoo, and the same with our addons installed in the same command.
#
# Fails (exit 1) when our addons introduce a failure stock Odoo does not have, when either
# side crashed (no test summary, or Odoo could not initialise the database), or when the two
# sides did not run the same number of tests. Logs and failure lists: .sof/test-core/.
# It takes a long time (the account suite alone is large): it is not part of `make test`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
suites=${CORE_SUITES:-sale,sale_stock,stock,account,sale_management}
addons=${ADDONS:-sale_order_flow,sale_credit_guard,stock_backorder_alerts}
conf=$repo/.sof/odoo.conf
logs=$repo/.sof/test-core
mkdir -p "$logs"
tags=$(sed 's/\([^,]*\)/\/\1/g' <<<"$suites")
conf_get() { sed -n "s/^$1 = //p" "$conf"; }
pg=(-h "$(conf_get db_host)" -p "$(conf_get db_port)" -U "$(conf_get db_user)")
data_dir=$(conf_get data_dir)

run_side() { # db modules log http-port
    dropdb "${pg[@]}" --if-exists --force "$1"
    rm -rf "$data_dir/filestore/$1"
    local rc=0
    PYTHONPATH=$ODOO_SRC "$repo/.sof/venv/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" \
        -d "$1" -i "$2" --without-demo=all --test-enable --test-tags="$tags" \
        --stop-after-init --log-level=test --http-port="$4" >"$3" 2>&1 || rc=$?
    echo "$rc" >"$3.rc"
}
failures() { # log -> sorted failing test ids ("odoo.addons.<module>.tests.<file> Class.test")
    grep -oE "odoo\.addons\.[A-Za-z0-9_.]+: (FAIL|ERROR): [A-Za-z0-9_.]+" "$1" |
        sed -E 's/: (FAIL|ERROR): / /' | sort -u || true
}
summary() { # log -> "F failed, E error(s) of N tests", empty when the run crashed
    grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$1" |
        tail -n1 | sed 's/ when loading database//' || true
}

echo "[test-core] Odoo's $suites tests, installed with --test-enable on fresh databases"
echo "[test-core]   stock Odoo: $logs/stock.log"
run_side sof_core_stock "$suites" "$logs/stock.log" 8078 &
echo "[test-core]   with $addons: $logs/ours.log"
run_side sof_core_ours "$suites,$addons" "$logs/ours.log" 8079 &
wait

status=0
for side in stock ours; do
    log=$logs/$side.log
    failures "$log" >"$logs/$side.failures"
    if grep -q "Failed to initialize database" "$log" || [[ -z $(summary "$log") ]]; then
        echo "[test-core] $side: Odoo crashed (exit code $(cat "$log.rc")); see $log"
        status=1
    else
        echo "[test-core] $side: $(summary "$log")"
    fi
done
ran_stock=$(summary "$logs/stock.log" | grep -oE "of [0-9]+" || true)
ran_ours=$(summary "$logs/ours.log" | grep -oE "of [0-9]+" || true)
if [[ $ran_stock != "$ran_ours" ]]; then
    echo "[test-core] the two sides ran different numbers of tests (stock ${ran_stock#of }, ours ${ran_ours#of })"
    status=1
fi
if [[ -s $logs/stock.failures ]]; then
    echo "[test-core] failing on stock Odoo too (not ours to fix; see the README):"
    sed 's/^/  /' "$logs/stock.failures"
fi
new=$(comm -13 "$logs/stock.failures" "$logs/ours.failures")
if [[ -n $new ]]; then
    echo "[test-core] new failures with our addons:"
    sed 's/^/  /' <<<"$new"
    status=1
fi
[[ $status == 0 ]] && echo "[test-core] faithful and green: no new failure with our addons"
exit $status
