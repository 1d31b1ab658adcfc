# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run the comparisons registered with ``benchlib.compare``: every side's database open in
this process, the same data built in each (in a transaction rolled back at the end), then
the measured steps of the sides alternating. Prints one block per comparison and a summary.
"""

import contextlib
import statistics
import traceback

import benchlib

from odoo import sql_db
from odoo.api import SUPERUSER_ID, Environment
from odoo.modules.registry import Registry
from odoo.tools import SQL

LABELS = {"stock": "stock Odoo", "oca": "OCA peers", "ours": "ours"}
TOP_STATEMENTS = 15
EXPLAINED = 3  # statements of ours whose plan --profile prints
# Tables vacuumed before a steady comparison is measured.
VACUUMED = (
    "account_move",
    "account_move_line",
    "res_partner",
    "sale_order",
    "sale_order_line",
)


def run_comparison(comparison, dbs, profile=False):
    """Measure ``comparison`` on each side of ``dbs`` ({side: database}) it applies to;
    return ({side: [Sample]}, {side: statements} when profiling)."""
    sides = [side for side in comparison.sides if side in dbs]
    statements = {side: {} for side in sides} if profile else {}
    with contextlib.ExitStack() as stack:
        envs, steps = {}, {}
        for side in sides:
            cr = stack.enter_context(Registry(dbs[side]).cursor())
            stack.callback(cr.rollback)
            envs[side] = Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        for side in sides:
            steps[side] = comparison.setup(envs[side], side)
            if len(steps[side]) != comparison.repeat + 1:
                raise ValueError(
                    f"{comparison.name}: setup must return repeat + 1 steps"
                )
        if comparison.steady:
            for side in sides:
                envs[side].flush_all()
                envs[side].cr.commit()
                vacuum(dbs[side])
        for side in sides:
            benchlib.measure_sample(envs[side], steps[side][0])  # warm the caches
        samples = {side: [] for side in sides}
        for index in range(1, comparison.repeat + 1):
            shift = index % len(sides)
            for side in sides[shift:] + sides[:shift]:
                samples[side].append(
                    benchlib.measure_sample(
                        envs[side], steps[side][index], statements.get(side)
                    )
                )
        if "ours" in statements:
            explain(envs["ours"].cr, statements["ours"])
        if "ours" in envs:
            for label, sql in comparison.variants:
                samples[f"ours, {label}"] = measure_variant(
                    envs["ours"], steps["ours"], sql
                )
    return samples, statements


def vacuum(dbname):
    """``VACUUM ANALYZE`` the tables of ``dbname`` a credit check reads (their pages
    marked all-visible, statistics fresh), as autovacuum keeps a live database."""
    with contextlib.closing(sql_db.db_connect(dbname).cursor()) as cr:
        cr._cnx.autocommit = True  # VACUUM cannot run inside a transaction
        for table in VACUUMED:
            cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))


def measure_variant(env, steps, sql):
    """Our steps again after ``sql``, undone afterwards (savepoint)."""
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_variant")
    try:
        env.cr.execute(sql)
        return [benchlib.measure_sample(env, step) for step in steps[1:]]
    finally:
        env.invalidate_all()
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_variant")


def explain(cr, statements, count=EXPLAINED):
    """Add to the ``count`` costliest reading statements of ``statements`` the plan
    PostgreSQL runs them with (``EXPLAIN ANALYZE`` of their first call, on the same data)."""
    ranked = sorted(statements.values(), key=lambda entry: -entry[1])
    reading = [
        e for e in ranked if e[3].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    for entry in reading[:count]:
        cr.execute("SAVEPOINT bench_explain")
        try:
            cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {entry[3]}", entry[4])
            entry.append([row[0] for row in cr.fetchall()])
        except Exception as exc:
            entry.append([f"no plan: {exc}"])
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT bench_explain")


def paired_ratio(samples, side):
    """Median over the repetitions of ``side``'s wall time / stock's in the same
    repetition: the two ran one after the other, under the same load of the machine."""
    if "stock" not in samples:
        return None
    return statistics.median(
        mine.wall / stock.wall
        for mine, stock in zip(samples[side], samples["stock"], strict=True)
    )


def _row(label, sample, stock, paired):
    ratio = f"x{sample.wall / stock.wall:.2f}" if stock else ""
    return (
        label,
        f"{sample.wall:.1f}",
        ratio,
        f"x{paired:.2f}" if paired is not None else "",
        f"{sample.cpu:.1f}",
        f"{sample.sql:.1f}",
        f"{sample.queries:.0f}",
    )


def print_table(rows, indent=""):
    """Print ``rows`` (the first is the header) as aligned columns."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in [rows[0], tuple("-" * w for w in widths), *rows[1:]]:
        print(
            indent
            + "  ".join(
                str(c).ljust(w) for c, w in zip(row, widths, strict=True)
            ).rstrip()
        )


def print_added(statements, repeat, count=TOP_STATEMENTS):
    """The statements whose SQL time grows most from stock Odoo to ours (same statement
    text), per measured call: what our addons add, wherever in the code it runs."""
    if "stock" not in statements or "ours" not in statements:
        return
    stock, ours = statements["stock"], statements["ours"]
    added = {
        text: (
            entry[0] - stock.get(text, [0, 0.0])[0],
            entry[1] - stock.get(text, [0, 0.0])[1],
            entry[2],
        )
        for text, entry in ours.items()
    }
    total = sum(ms for _count, ms, _caller in added.values()) / repeat
    gone = sum(entry[1] for text, entry in stock.items() if text not in ours) / repeat
    print(
        f"\n  SQL ours adds to stock Odoo: {total:+.1f} ms per call (statements of stock "
        f"Odoo that ours does not run: {gone:.1f} ms); most added:"
    )
    ranked = sorted(added.items(), key=lambda item: -item[1][1])[:count]
    for text, (number, ms, caller) in ranked:
        print(
            f"    {ms / repeat:+6.2f} ms {number / repeat:+4.1f} x  {caller}\n"
            f"        {text[:220]}"
        )


def print_profile(statements, repeat):
    """The statements of each side by total SQL time, per measured call."""
    for side, table in statements.items():
        total = sum(entry[1] for entry in table.values()) / repeat
        print(f"\n  SQL of {LABELS[side]}: {total:.1f} ms per call; top statements:")
        ranked = sorted(table.items(), key=lambda item: -item[1][1])[:TOP_STATEMENTS]
        for text, (count, ms, caller, *plan) in ranked:
            print(
                f"    {ms / repeat:6.2f} ms {count / repeat:4.1f} x  {caller}\n"
                f"        {text[:220]}"
            )
            for line in plan[2] if len(plan) > 2 else ():
                print(f"          | {line}")


def run_all(dbs, only="", profile=False, big=False):
    """Run every registered comparison whose name contains ``only`` (``big`` ones only with
    ``big``); print the figures; return the number of comparisons that failed to run."""
    summary, failures = [], 0
    for comparison in benchlib.COMPARISONS:
        if only not in comparison.name or (comparison.big and not big):
            continue
        print(f"\n[compare] {comparison.name} ...", flush=True)
        try:
            samples, statements = run_comparison(
                comparison, dbs, profile and comparison.profile
            )
        except Exception:
            traceback.print_exc()
            failures += 1
            summary.append(
                (comparison.name, "error", "", "", comparison.target, "ERROR")
            )
            continue
        medians = {side: benchlib.median_sample(s) for side, s in samples.items()}
        stock = medians.get("stock")
        paired = {side: paired_ratio(samples, side) for side in samples}
        rows = [("side", "wall ms", "/ stock", "paired", "CPU ms", "SQL ms", "queries")]
        rows += [
            _row(LABELS.get(side, side), medians[side], stock, paired[side])
            for side in medians
        ]
        print(
            f"  median of {comparison.repeat} alternating repetitions (paired: median of "
            f"the ratios within a repetition); target {comparison.target}"
        )
        print_table(rows, indent="  ")
        if statements:
            print_profile(statements, comparison.repeat)
            print_added(statements, comparison.repeat)
        cells = []
        for side in ("stock", "oca", "ours"):
            if side not in medians:
                cells.append("-")
                continue
            sample = medians[side]
            ratio = ""
            if side != "stock" and paired[side] is not None:
                ratio = f" (x{paired[side]:.2f})"
            cells.append(f"{sample.wall:.1f} ms{ratio}, {sample.queries:.0f} q")
        verdict = ""
        if "ours" in medians and (comparison.max_ratio or comparison.max_ms):
            ok = comparison.max_ms is None or medians["ours"].wall <= comparison.max_ms
            if comparison.max_ratio is not None:
                ok &= paired["ours"] <= comparison.max_ratio
            verdict = "ok" if ok else "OVER"
        summary.append((comparison.name, *cells, comparison.target, verdict))
    if summary:
        print(
            "\nSide by side: median wall-clock of stock / OCA / ours alternating, "
            "(x paired ratio to stock), queries:"
        )
        print_table(
            [("comparison", "stock Odoo", "OCA peers", "ours", "target", ""), *summary]
        )
    return failures
