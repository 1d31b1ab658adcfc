# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ten times bigger (``make bench BIG=1``: the data takes minutes): the credit verdict of a
customer with 50,000 open invoices and 50,000 uninvoiced orders, and the approver's queue
with 100,000 orders waiting, stock Odoo and ours side by side (``benchlib.compare``).
OCA's peers are left out here: their figures at 2,000 (bench_peers.py) already grow with
the data (the systray counter reads every waiting order)."""

from bench_peers import credit_verdict_steps, queue_steps
from benchlib import compare

BIG = 50_000
QUEUE = 100_000
# Stock Odoo's credit warning reads every order line of the customer (seconds a call here).
REPEAT = 5


@compare(
    f"credit verdict of a quotation, customer with {BIG:,} open invoices and {BIG:,} "
    "uninvoiced orders",
    target="ours < 30 ms, the queries of 2,000",
    sides=("stock", "ours"),
    profile=True,
    big=True,
    max_ms=30.0,
    repeat=REPEAT,
    # A customer's 100,000 documents are years old: committed and vacuumed.
    steady=True,
    # PostgreSQL compiles the orders' query (JIT) when its estimated cost is high: seconds.
    variants=[("JIT off", "SET LOCAL jit = off")],
)
def credit_verdict_big(env, side):
    return credit_verdict_steps(env, side, BIG, REPEAT)


@compare(
    f"approver's queue: first page + counter, {QUEUE:,} orders waiting "
    f"(stock: {QUEUE:,} sent quotations)",
    target="about stock's list",
    sides=("stock", "ours"),
    profile=True,
    big=True,
    repeat=REPEAT,
)
def approver_queue_big(env, side):
    return queue_steps(env, side, QUEUE, REPEAT)
