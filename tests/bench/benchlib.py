# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a benchmark file uses: the @bench registry and the measuring helpers.

A benchmark is a function ``fn(env, stock)`` that builds its data and returns one number. The
runner calls it twice in the same run, once on a database with stock Odoo only (``stock=True``:
our models do not exist there) and once on a database with our addons (``stock=False``), each
time in a transaction that is rolled back, and prints both figures and their ratio.
"""

import dataclasses
import statistics
import threading
import time
import traceback
import typing

REGISTRY = []


class Bench:
    def __init__(self, func, name, unit, target, max_ratio, big=False):
        self.big = big
        self.func = func
        self.name = name
        self.unit = unit
        self.target = target
        self.max_ratio = max_ratio


def bench(name, unit="ms", target="", max_ratio=None, big=False):
    """Register ``fn(env, stock) -> float`` as a benchmark named ``name``.

    ``max_ratio`` (ours / stock) marks the figure as over target in the summary. ``big``:
    run only with ``run.py --big`` (``make bench BIG=1``), its data takes minutes.
    """

    def register(func):
        REGISTRY.append(Bench(func, name, unit, target, max_ratio, big))
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


# -- side-by-side comparisons: stock / OCA / ours alternating in one process ------------------

SIDES = ("stock", "oca", "ours")
OUR_ADDONS = ("sale_order_flow", "sale_credit_guard", "stock_backorder_alerts")
COMPARISONS = []


@dataclasses.dataclass(frozen=True)
class Comparison:
    """A side-by-side comparison registered with :func:`compare` (see its arguments)."""

    setup: typing.Callable
    name: str
    target: str = ""
    max_ratio: float | None = None
    repeat: int = 15
    sides: tuple = SIDES
    profile: bool = False
    big: bool = False
    max_ms: float | None = None
    variants: tuple = ()
    steady: bool = False


def compare(
    name,
    target="",
    max_ratio=None,
    repeat=15,
    sides=SIDES,
    profile=False,
    big=False,
    max_ms=None,
    variants=(),
    steady=False,
):
    """Register ``setup(env, side) -> steps`` as a side-by-side comparison.

    ``setup`` builds the data in the database of ``side`` ("stock", "oca" or "ours") and
    returns ``repeat + 1`` zero-argument callables, each one measured operation (e.g. one
    ``action_confirm`` of its own order); the first one only warms the caches. The runner
    builds every side in one process, then runs step i of each side one after the other,
    the order of the sides rotating with i, so that a disturbance of the machine hits all
    sides alike. ``max_ratio`` bounds ours / stock of the median wall-clock time.
    ``profile``: with ``run.py --profile``, print the statements that cost most SQL time.
    ``big``: only with ``run.py --big``. ``max_ms`` bounds our median wall-clock time.
    ``variants``: ``(label, sql)`` pairs: after the sides, our steps are measured again
    after each ``sql`` (e.g. ``SET LOCAL jit = off``, a ``CREATE INDEX``), each undone by a
    savepoint; for steps that can be repeated on the same data (a verdict, a list).
    ``steady``: the data is committed and vacuumed before it is measured, as a live
    database's old documents are (autovacuum marks their pages all-visible, which lets
    PostgreSQL answer from an index alone); for steps that write nothing, on data the run
    may keep (the bench databases are rebuilt by every ``make bench``).
    """

    options = dict(locals())

    def register(setup):
        COMPARISONS.append(Comparison(setup, **options))
        return setup

    return register


class Sample:
    """One measured call: wall-clock, process CPU and SQL milliseconds, query count."""

    __slots__ = ("cpu", "queries", "sql", "wall")

    def __init__(self, wall, cpu, sql, queries):
        self.wall = wall
        self.cpu = cpu
        self.sql = sql
        self.queries = queries


class SqlRecorder:
    """Sums the duration of every query the current thread runs, through the hook of
    ``odoo.sql_db.Cursor.execute`` (``threading.current_thread().query_hooks``): the time
    from sending a statement to having its result, as the Odoo process waits for it.

    With ``statements``, also keeps per statement text (parameters apart): count, total
    milliseconds, the first caller in an addon (file:line method), the query and its
    parameters the first time."""

    def __init__(self, statements=None):
        self.total = 0.0
        self.statements = statements

    def __call__(self, cr, query, params, start, delay):
        self.total += delay
        if self.statements is not None:
            text = query.decode() if isinstance(query, bytes) else str(query)
            text = " ".join(text.split())
            entry = self.statements.get(text)
            if entry is None:
                entry = self.statements[text] = [0, 0.0, _addon_caller(), query, params]
            entry[0] += 1
            entry[1] += delay * 1000.0

    def __enter__(self):
        thread = threading.current_thread()
        self._previous = getattr(thread, "query_hooks", None)
        thread.query_hooks = (*(self._previous or ()), self)
        return self

    def __exit__(self, *exc):
        thread = threading.current_thread()
        if self._previous is None:
            del thread.query_hooks
        else:
            thread.query_hooks = self._previous


def _addon_caller():
    """Where a query comes from: the innermost frame in an addon (``addon/file.py:line
    method``), and the innermost frame in one of ours if that is another one."""
    inner = ours = None
    for frame in reversed(traceback.extract_stack()[:-3]):
        path = frame.filename.replace("\\", "/")
        if "/addons/" not in path and not any(f"/{a}/" in path for a in OUR_ADDONS):
            continue
        if "/tests/bench/" in path:
            continue
        addon = next((a for a in OUR_ADDONS if f"/{a}/" in path), None)
        if addon:
            where = f"{addon}/{path.split(f'/{addon}/', 1)[1]}"
        else:
            where = path.rsplit("/addons/", 1)[1]
        where = f"{where}:{frame.lineno} {frame.name}"
        inner = inner or where
        if addon:
            ours = where
            break
    if ours and ours != inner:
        return f"{inner} <- {ours}"
    return inner or "?"


def measure_sample(env, fn, statements=None):
    """Wall, CPU and SQL milliseconds and the query count of ``fn()``, pending writes
    flushed (and counted), the ORM cache empty at the start."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    with SqlRecorder(statements) as sql:
        cpu = time.process_time()
        wall = time.perf_counter()
        fn()
        env.flush_all()
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
    return Sample(
        wall * 1000.0, cpu * 1000.0, sql.total * 1000.0, env.cr.sql_log_count - queries
    )


def median_sample(samples):
    """The median of each figure over ``samples``."""
    return Sample(
        *(
            statistics.median(getattr(s, attr) for s in samples)
            for attr in ("wall", "cpu", "sql", "queries")
        )
    )
