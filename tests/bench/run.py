# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run every tests/bench/bench_*.py on stock Odoo and on our addons, in one run, and print
one table: benchmark, stock figure, our figure, ratio, target. Then the side-by-side
comparisons (``benchlib.compare``): stock Odoo, OCA's peers (``--oca-database``, when it
exists) and ours alternating in this process, wall-clock first. Then the load benchmarks
(real 4-worker servers on copies of the databases).

Usage (``make bench`` does this): run.py --config .sof/odoo.conf --database sof_bench
--stock-database sof_bench_stock [--oca-database sof_bench_oca --oca-addons DIR]
[--only substring] [--profile] [--big]
"""

import argparse
import importlib
import logging
import pathlib
import sys
import threading
import traceback

import odoo
from odoo.api import SUPERUSER_ID, Environment
from odoo.modules.registry import Registry
from odoo.service import db as db_service

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benchlib  # noqa: E402
import load_compare  # noqa: E402
import load_credit  # noqa: E402
import sidebyside  # noqa: E402


def run_one(db, bench, stock):
    registry = Registry(db)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        try:
            return bench.func(env, stock)
        finally:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--stock-database", required=True)
    parser.add_argument("--oca-database", default="")
    parser.add_argument(
        "--oca-addons", default="", help="folder of OCA's addons (the bench's own)"
    )
    parser.add_argument("--only", default="")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the statements that cost most SQL time in the comparisons marked so",
    )
    parser.add_argument(
        "--big", action="store_true", help="also the ten times bigger benchmarks"
    )
    args = parser.parse_args()
    options = ["-c", args.config, "--log-level=warn"]
    odoo.tools.config.parse_config(options)
    if args.oca_addons:  # OCA's addons are found only by this process, not by the tests
        paths = f"{odoo.tools.config['addons_path']},{args.oca_addons}"
        odoo.tools.config.parse_config([*options, f"--addons-path={paths}"])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    # Code paths that commit (crons) stay transactional when the runner says it is testing.
    threading.current_thread().testing = True

    for path in sorted(HERE.glob("bench_*.py")):
        importlib.import_module(path.stem)
    rows, failures = [], 0
    for bench in benchlib.REGISTRY:
        if args.only not in bench.name or (bench.big and not args.big):
            continue
        print(f"[bench] {bench.name} ...", flush=True)
        try:
            stock = run_one(args.stock_database, bench, stock=True)
            ours = run_one(args.database, bench, stock=False)
        except Exception:
            traceback.print_exc()
            failures += 1
            rows.append((bench.name, "error", "error", "-", bench.target, "ERROR"))
            continue
        ratio = ours / stock if stock else float("inf")
        verdict = ""
        if bench.max_ratio is not None:
            verdict = "ok" if ratio <= bench.max_ratio else "OVER"
        rows.append(
            (
                bench.name,
                f"{stock:.1f} {bench.unit}",
                f"{ours:.1f} {bench.unit}",
                f"x{ratio:.2f}",
                bench.target,
                verdict,
            )
        )
    header = ("benchmark", "stock Odoo", "ours", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows] if rows else []:
        print(
            "  ".join(
                str(c).ljust(w) for c, w in zip(row, widths, strict=True)
            ).rstrip()
        )
    dbs = {"stock": args.stock_database, "ours": args.database}
    if args.oca_database:
        if args.oca_database in db_service.list_dbs(force=True):
            dbs["oca"] = args.oca_database
        else:
            print(f"\n[bench] no database {args.oca_database}: no OCA column")
    failures += sidebyside.run_all(dbs, args.only, args.profile, args.big)
    # The load benchmark runs its own server on a copy of the database (see load_credit.py).
    if args.only in load_credit.NAME:
        print(f"\n[bench] {load_credit.NAME} ...", flush=True)
        try:
            load_credit.run(args.config, args.database)
        except Exception:
            traceback.print_exc()
            failures += 1
    if args.only in load_compare.NAME:
        print(f"\n[bench] {load_compare.NAME} ...", flush=True)
        try:
            load_compare.run(args.config, args.stock_database, args.database)
        except Exception:
            traceback.print_exc()
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
