#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Usage: setup/odoo_db.sh DB demo|nodemo MODULES
# (Re)creates the database DB with Odoo's base modules (sale_management, sale_stock, account)
# and then installs MODULES (comma separated; may be empty). The base install is done once and
# kept as a template database named after the Odoo release and the module list, so a second run
# only copies it and installs our addons.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
db=$1 demo=$2 modules=${3:-}
base_modules=${BASE_MODULES:-sale_management,sale_stock,account}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
conf=$repo/.sof/odoo.conf
py=$repo/.sof/venv/bin/python
conf_get() { sed -n "s/^$1 = //p" "$conf"; }
DB_HOST=$(conf_get db_host) DB_PORT=$(conf_get db_port) DB_USER=$(conf_get db_user)
data_dir=$(conf_get data_dir)
pg=(-h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER")
export PGOPTIONS="-c client_min_messages=warning"
log_level=${ODOO_LOG_LEVEL:-warn}

odoo() {
    PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH} "$py" "$ODOO_SRC/odoo-bin" -c "$conf" \
        --log-level="$log_level" --stop-after-init "$@"
}
demo_flag=(--without-demo=all)
[[ $demo == demo ]] && demo_flag=()

key=$( { cat "$ODOO_SRC/odoo/release.py"; echo "$base_modules $demo"; } | sha1sum | cut -c1-10)
tmpl=sof_tmpl_${demo}_$key
db_exists() { [[ $(psql "${pg[@]}" -d postgres -tAc "select 1 from pg_database where datname='$1'") == 1 ]]; }

if ! db_exists "$tmpl"; then
    echo "[db] building the template $tmpl with $base_modules (once, about a minute)" >&2
    building=${tmpl}_building
    dropdb "${pg[@]}" --if-exists "$building"
    rm -rf "$data_dir/filestore/$building"
    odoo -d "$building" -i "$base_modules" "${demo_flag[@]}"
    # A finished template gets its final name only once complete, so an interrupted build is
    # never mistaken for a good one.
    psql "${pg[@]}" -d postgres -qc "alter database \"$building\" rename to \"$tmpl\""
    rm -rf "$data_dir/filestore/$tmpl"
    [[ -d $data_dir/filestore/$building ]] && mv "$data_dir/filestore/$building" "$data_dir/filestore/$tmpl"
fi

echo "[db] creating $db from $tmpl" >&2
dropdb "${pg[@]}" --if-exists --force "$db"
createdb "${pg[@]}" -T "$tmpl" "$db"
rm -rf "$data_dir/filestore/$db"
if [[ -d $data_dir/filestore/$tmpl ]]; then
    mkdir -p "$data_dir/filestore"
    cp -a "$data_dir/filestore/$tmpl" "$data_dir/filestore/$db"
fi
if [[ -n $modules ]]; then
    echo "[db] installing $modules into $db" >&2
    odoo -d "$db" -i "$modules" "${demo_flag[@]}"
    # Odoo logs a failed install and still exits 0: check the modules really are installed.
    missing=$(psql "${pg[@]}" -d "$db" -tAc "select string_agg(name, ', ') from ir_module_module
        where name = any(string_to_array('$modules', ',')) and state != 'installed'")
    if [[ -n $missing ]]; then
        echo "[db] ERROR: not installed in $db: $missing (see the log above)" >&2
        exit 1
    fi
fi
