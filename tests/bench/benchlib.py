# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a benchmark file uses: the @bench registry and the measuring helpers.

A benchmark is a function ``fn(env, stock)`` that builds its data and returns one number. The
runner calls it twice in the same run, once on a database with stock Odoo only (``stock=True``:
our models do not exist there) and once on a database with our addons (``stock=False``), each
time in a transaction that is rolled back, and prints both figures and their ratio.
"""

import statistics
import time

REGISTRY = []


class Bench:
    def __init__(self, func, name, unit, target, max_ratio):
        self.func = func
        self.name = name
        self.unit = unit
        self.target = target
        self.max_ratio = max_ratio


def bench(name, unit="ms", target="", max_ratio=None):
    """Register ``fn(env, stock) -> float`` as a benchmark named ``name``.

    ``max_ratio`` (ours / stock) marks the figure as over target in the summary.
    """

    def register(func):
        REGISTRY.append(Bench(func, name, unit, target, max_ratio))
        return func

    return register


def _run_flushed(env, fn):
    env.flush_all()
    env.invalidate_all()
    start = time.perf_counter()
    fn()
    env.flush_all()
    return (time.perf_counter() - start) * 1000.0


def measure_ms(env, fn, repeat=1):
    """Milliseconds of ``fn()``, pending writes flushed, median of ``repeat`` calls."""
    return statistics.median(_run_flushed(env, fn) for _ in range(repeat))


def median_ms(env, fns):
    """Median milliseconds over distinct calls, e.g. one ``action_confirm`` per prepared order
    (an order can be confirmed only once, so each measure needs its own)."""
    return statistics.median(_run_flushed(env, fn) for fn in fns)


def count_queries(env, fn):
    """Number of SQL queries ``fn()`` runs, pending writes included, caches cold."""
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    fn()
    env.flush_all()
    return env.cr.sql_log_count - before


def max_queries_per_batch(env, records, domain, fnames, batch_size, process):
    """Run a batched job by hand, batch after batch as the job does, and return the most
    queries a batch took; fail when the count varies with the batch's position.

    :param records: the model searched, e.g. ``env["stock.picking"]``
    :param domain: what the job processes; batches follow each other in id order
    :param fnames: fields fetched with each batch, as the job does
    :param process: ``process(batch)`` does the job's work on one batch
    """
    counts = []
    last_id = 0
    while True:
        batch = records.search_fetch(
            [*domain, ("id", ">", last_id)], fnames, order="id", limit=batch_size
        )
        if not batch:
            break
        counts.append(count_queries(env, lambda batch=batch: process(batch)))
        last_id = batch[-1].id
    print(f"    queries per batch, in order: {counts}")
    # the first batch also warms the registry caches (xml ids, templates, access rules)
    assert len(set(counts[1:])) == 1, (
        f"query count varies with the batch position: {counts}"
    )
    return max(counts)
