#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Usage: tests/bench/oca_db.sh DB TARGET
# OCA's peers of our addons for the benchmarks: installs the 18.0 wheels of
# sale_tier_validation, sale_exception and sale_financial_risk and their base_*/account_*
# dependencies into TARGET (pip --no-deps --target: the bench's own folder, never the
# addons path of the tests), then (re)creates DB (stock Odoo's template) with them installed.
# Whatever fails is said and the script exits 0 without DB: the bench goes on without OCA.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
db=$1 target=$2
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
conf=$repo/.sof/odoo.conf
py=$repo/.sof/venv/bin/python
modules=sale_tier_validation,sale_exception,sale_financial_risk
wheels=(odoo-addon-sale_tier_validation odoo-addon-base_tier_validation
    odoo-addon-sale_exception odoo-addon-base_exception
    odoo-addon-sale_financial_risk odoo-addon-account_financial_risk)
conf_get() { sed -n "s/^$1 = //p" "$conf"; }
pg=(-h "$(conf_get db_host)" -p "$(conf_get db_port)" -U "$(conf_get db_user)")

give_up() {
    echo "[oca] $1: the benchmarks run without the OCA column" >&2
    dropdb "${pg[@]}" --if-exists --force "$db" 2>/dev/null
    exit 0
}

if [[ ! -f $target/.installed ]]; then
    echo "[oca] installing ${wheels[*]} (18.0) into $target" >&2
    rm -rf "$target"
    specs=()
    for wheel in "${wheels[@]}"; do specs+=("$wheel>=18.0,<18.1"); done
    "$py" -m pip install -q --no-deps --target "$target" "${specs[@]}" \
        || give_up "the OCA wheels could not be installed"
    touch "$target/.installed"
fi
addons=$target/odoo/addons
[[ -d $addons ]] || give_up "no addons in $target"

bash "$repo/setup/odoo_db.sh" "$db" nodemo "" || give_up "no database $db"
echo "[oca] installing $modules into $db" >&2
PYTHONPATH=$ODOO_SRC "$py" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" --stop-after-init \
    --log-level=warn --without-demo=all --addons-path="$(conf_get addons_path),$addons" \
    -i "$modules" || give_up "installing $modules failed"
missing=$(psql "${pg[@]}" -d "$db" -tAc "select string_agg(name, ', ') from ir_module_module
    where name = any(string_to_array('$modules', ',')) and state != 'installed'")
[[ -z $missing ]] || give_up "not installed in $db: $missing"
