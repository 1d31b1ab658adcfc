#!/usr/bin/env bash
# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Prepares everything `make run` and `make test` need, and nothing more:
#   1. finds the Odoo 18.0 source ($ODOO_SRC, default /opt/odoo-src), downloading the official
#      release only when it is absent and the network allows;
#   2. installs the system libraries Odoo's requirements compile against (Debian, as root);
#   3. builds a virtualenv with Odoo's requirements and ours (setup/requirements.txt), cached
#      outside the repository and keyed by the requirement files, so a re-run installs nothing;
#   4. makes sure PostgreSQL answers and the database role exists;
#   5. writes .sof/odoo.conf, the configuration every project command uses.
# Re-running it when everything is in place takes about a second and changes nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
ODOO_SRC=${ODOO_SRC:-/opt/odoo-src}
SOF_HOME=${SOF_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/sale-order-flow}
PYTHON=${PYTHON:-python3}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-5432}
DB_USER=${DB_USER:-odoo}
HTTP_PORT=${HTTP_PORT:-8069}
ODOO_RELEASE_URL=${ODOO_RELEASE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '\n[bootstrap] ERROR: %s\n\n' "$*" >&2; exit 1; }

# --- 1. Odoo source -----------------------------------------------------------------------
odoo_ok() { [[ -f $ODOO_SRC/odoo/release.py && -f $ODOO_SRC/odoo-bin ]] &&
    grep -q "^version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; }
if ! odoo_ok; then
    if [[ -e $ODOO_SRC/odoo/release.py ]]; then
        die "$ODOO_SRC holds an Odoo that is not 18.0. Point ODOO_SRC at an Odoo 18.0 source tree."
    fi
    say "no Odoo 18.0 source at $ODOO_SRC; trying to download the official 18.0 release"
    tmp=$(mktemp -d)
    if command -v curl >/dev/null &&
        curl -fsSL --connect-timeout 5 --max-time 600 -o "$tmp/odoo.tar.gz" "$ODOO_RELEASE_URL" 2>/dev/null &&
        mkdir -p "$ODOO_SRC" && tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1; then
        rm -rf "$tmp"
        odoo_ok || die "the download did not give an Odoo 18.0 tree at $ODOO_SRC"
    else
        rm -rf "$tmp"
        die "Odoo 18.0 Community source is needed and was not found.
  - If you have it: export ODOO_SRC=/path/to/odoo (the folder holding odoo-bin and odoo/).
  - Otherwise unpack the official 18.0 source release there, e.g.
      mkdir -p /opt/odoo-src && tar -xzf odoo_18.0.latest.tar.gz -C /opt/odoo-src --strip-components=1
    (this machine could not download $ODOO_RELEASE_URL).
  Then run the same command again."
    fi
fi

# --- 2. system libraries ------------------------------------------------------------------
# python-ldap and psycopg2 compile against these; Chromium runs the browser tests and
# wkhtmltopdf renders PDF reports. Installed only when missing, and only where we may.
need_pkgs=()
[[ -f /usr/include/ldap.h ]] || need_pkgs+=(libldap2-dev)
[[ -f /usr/include/sasl/sasl.h ]] || need_pkgs+=(libsasl2-dev)
command -v pg_config >/dev/null || need_pkgs+=(libpq-dev)
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v wkhtmltopdf >/dev/null || need_pkgs+=(wkhtmltopdf)
[[ -d /usr/share/fonts/opentype/noto ]] || need_pkgs+=(fonts-noto-cjk)
if ((${#need_pkgs[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing Debian packages: ${need_pkgs[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null ||
            die "apt-get could not install ${need_pkgs[*]}"
    else
        say "missing system packages (install them with your package manager): ${need_pkgs[*]}"
    fi
fi

# --- 3. virtualenv ------------------------------------------------------------------------
command -v "$PYTHON" >/dev/null || die "$PYTHON not found; Odoo 18.0 needs Python 3.10 to 3.12."
pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case $pyver in 3.10|3.11|3.12) ;; *) die "Odoo 18.0 needs Python 3.10 to 3.12, $PYTHON is $pyver (set PYTHON=...)";; esac
key=$(cat "$ODOO_SRC/requirements.txt" "$here/requirements.txt" "$here/constraints.txt" |
    { cat; echo "$pyver"; } | sha1sum | cut -c1-12)
venv=$SOF_HOME/venv-py$pyver-$key
if [[ ! -f $venv/.complete ]]; then
    say "creating the virtualenv $venv (about a minute)"
    rm -rf "$venv"
    mkdir -p "$SOF_HOME"
    "$PYTHON" -m venv "$venv"
    PIP_CONSTRAINT=$here/constraints.txt "$venv/bin/pip" install -q --disable-pip-version-check \
        -r "$ODOO_SRC/requirements.txt" -r "$here/requirements.txt" 2>&1 |
        grep -v "is ignored: it is neither" >&2 || true
    PYTHONPATH=$ODOO_SRC "$venv/bin/python" -c "import psycopg2, lxml, xlsxwriter, odoo, pytest_odoo" ||
        die "the virtualenv at $venv is incomplete; see the pip messages above"
    touch "$venv/.complete"
fi
mkdir -p "$repo/.sof"
ln -sfn "$venv" "$repo/.sof/venv"

# --- 4. PostgreSQL ------------------------------------------------------------------------
if ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT" 2>/dev/null; then
    if [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost ]] && command -v pg_ctlcluster >/dev/null; then
        ver=$(ls /etc/postgresql | sort -V | tail -n1)
        say "starting the local PostgreSQL $ver cluster"
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
            die "could not start PostgreSQL; start it and run this again"
        for _ in $(seq 30); do pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && break; sleep 1; done
    fi
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" ||
        die "PostgreSQL does not answer on $DB_HOST:$DB_PORT. Start it, or set DB_HOST/DB_PORT."
fi
if ! psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc "select 1" >/dev/null 2>&1; then
    say "creating the PostgreSQL role $DB_USER"
    sql="create role \"$DB_USER\" login createdb"
    psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -qc "$sql" 2>/dev/null ||
        { [[ $(id -u) == 0 ]] && su postgres -c "psql -qc '$sql'" 2>/dev/null; } ||
        die "could not create the PostgreSQL role $DB_USER: create it (login, createdb) and run this again"
fi

# --- 5. Odoo configuration ----------------------------------------------------------------
conf=$repo/.sof/odoo.conf
new=$(cat <<CONF
[options]
; Written by setup/bootstrap.sh: edit the variables there, not this file.
addons_path = $ODOO_SRC/odoo/addons,$repo
data_dir = $SOF_HOME/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = False
http_interface = 127.0.0.1
http_port = $HTTP_PORT
admin_passwd = admin
list_db = True
max_cron_threads = 1
CONF
)
[[ -f $conf && $(cat "$conf") == "$new" ]] || printf '%s\n' "$new" >"$conf"

# The same variables for the Makefile and pre-commit (KEY=value lines, read by make and sh).
env_file=$repo/.sof/env
env_new=$(printf '%s\n' "ODOO_SRC=$ODOO_SRC" "DB_HOST=$DB_HOST" "DB_PORT=$DB_PORT" \
    "DB_USER=$DB_USER" "HTTP_PORT=$HTTP_PORT" "SOF_HOME=$SOF_HOME")
[[ -f $env_file && $(cat "$env_file") == "$env_new" ]] || printf '%s\n' "$env_new" >"$env_file"
