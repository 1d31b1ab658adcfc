# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock Odoo against ours under load: each a real 4-worker server, in the same run, driven
by the same concurrent JSON-RPC clients, each logged in as its own user.

Scenarios, each ``LOAD_SECONDS`` (40) seconds per side, in four segments ordered stock,
ours, ours, stock so that a change of the machine's load over the run hits both sides:

- *distinct customers*: ``SALES`` (8) salespeople create and confirm 1-line orders, each for
  a customer of their own;
- *one shared customer*: the same salespeople, all for one customer;
- *approvers*: ``APPROVERS`` (4) approvers each work through their own orders: on our side
  they approve orders waiting for their tier (the last approval confirms the order), on
  stock Odoo, which has no approval, they confirm quotations prepared for them.

On our side every check is on (price tolerance, below cost, stock, an approval tier the
salespeople's orders do not reach, the credit policy with holds); nothing is held or needs
approval. Printed per side: orders per second, latency of one order (create + confirm, or
the approval) p50 / p95 / max, errors seen by users; then ours / stock. Targets: no error on
our side; distinct customers at least 0.9x stock; the shared customer at least 0.7x our
distinct-customer figure.

The databases are copies of the benchmark databases (``<database>_loadcmp``), dropped at
the end (``LOAD_KEEP_DB=1`` keeps them); the servers listen on 127.0.0.1 on free ports and are
killed at the end, also on failure or Ctrl-C.
"""

import os
import time

from load_credit import PASSWORD, _login_all, _print_errors
from loadlib import (
    create_users,
    drop_database,
    duplicate_database,
    latency_stats,
    run_clients,
    start_server,
)
from sidebyside import print_table

from odoo import SUPERUSER_ID, Command
from odoo.api import Environment
from odoo.modules.registry import Registry

NAME = "load: stock vs ours, 4 workers each"
SALES = 8
APPROVERS = 4
APPROVALS_PER_APPROVER = 100
PRICE = 100.0
APPROVAL_QTY = (
    200.0  # 20,000: above the approvers' tier, below the salespeople's orders'
)
TIER_MIN = 10_000.0


def _setting(name, default):
    return int(os.environ.get(name) or default)


def prepare(env, side):
    """Same data on both sides: the users (password ``PASSWORD``), a customer per
    salesperson and a shared one, a storable product in stock per salesperson; the approvers' orders. Ours:
    every check on. Returns what the clients need."""
    company = env.ref("base.main_company")
    ours = side == "ours"
    if ours:
        company.write(
            {
                "sale_check_price_tolerance": True,
                "sale_price_tolerance": 10.0,
                "sale_check_below_cost": True,
                "sale_stock_check": "review",
                "account_use_credit_limit": True,
                "credit_hold_orders": True,
            }
        )
    # A product per salesperson: reserving stock locks the product's quants, a contention of
    # stock Odoo that is not what is compared here (one product for all: both sides retry).
    products = env["product.product"].create(
        [
            {
                "name": f"Load item {i:02d}",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "order",
                "list_price": PRICE,
                "standard_price": 60.0,
                "taxes_id": [Command.clear()],
            }
            for i in range(SALES)
        ]
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    env["stock.quant"].create(
        [
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 10_000_000,
            }
            for product in products
        ]
    ).action_apply_inventory()
    customers = env["res.partner"].create(
        [
            {"name": f"Load Customer {i:02d}", "is_company": True, "credit_limit": 1e12}
            for i in range(SALES + 1)
        ]
    )
    salesman = env.ref("sales_team.group_sale_salesman") | env.ref("base.group_user")
    sales = create_users(env, company, "sales", SALES, salesman, PASSWORD)
    approver_groups = env.ref("sales_team.group_sale_salesman_all_leads") | env.ref(
        "base.group_user"
    )
    if ours:
        approver_groups |= env.ref("sale_order_flow.group_sale_approver")
        tier_group = env["res.groups"].create({"name": "Load approvers"})
        approver_groups |= tier_group
        env["sale.approval.tier"].create(
            {"name": "Load tier", "min_amount": TIER_MIN, "group_id": tier_group.id}
        )
    approvers = create_users(
        env, company, "approver", APPROVERS, approver_groups, PASSWORD
    )
    # The approvers' work: quotations (stock) or orders waiting for their tier (ours).
    # Orders of the salespeople's customers, so that two approvers never wait for the
    # same customer's credit lock (each goes through the orders index::APPROVERS).
    waiting = env["sale.order"].create(
        [
            {
                "partner_id": customers[index % SALES].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[index % SALES].id,
                            "product_uom_qty": APPROVAL_QTY,
                        }
                    )
                ],
            }
            for index in range(APPROVERS * APPROVALS_PER_APPROVER)
        ]
    )
    work = {}
    if ours:
        waiting.action_confirm()
        assert set(waiting.mapped("state")) == {"to_approve"}, waiting.mapped("state")
        steps = {order.id: order.current_approval_id.id for order in waiting}
    for index, approver in enumerate(approvers):
        mine = waiting[index::APPROVERS]
        work[approver.login] = [(order.id, ours and steps[order.id]) for order in mine]
    return {
        "product_of": dict(zip(sales.mapped("login"), products.ids, strict=True)),
        "customer_of": dict(
            zip(sales.mapped("login"), customers[:SALES].ids, strict=True)
        ),
        "shared_id": customers[SALES].id,
        "sales": sales.mapped("login"),
        "approvers": approvers.mapped("login"),
        "approvals": work,
    }


class Side:
    """One side's server, clients and what they measured."""

    def __init__(self, name, database, data):
        self.name = name
        self.database = database
        self.data = data
        self.clients = {}
        self.exhausted = set()  # approvers who ran out of orders
        self.retries = {}  # loadlib.Server.count_retries() at the end
        self.results = {}  # scenario -> list of (PoolResult, order latencies, outcomes)


def _create_and_confirm(data, shared):
    def work(client, record):
        start = time.perf_counter()
        partner = data["shared_id"] if shared else data["customer_of"][client.login]
        order_id = client.call(
            "sale.order",
            "create",
            {
                "partner_id": partner,
                "order_line": [
                    Command.create(
                        {
                            "product_id": data["product_of"][client.login],
                            "product_uom_qty": 1.0,
                        }
                    )
                ],
            },
        )
        result = client.call("sale.order", "action_confirm", [order_id])
        record(
            time.perf_counter() - start, "held" if isinstance(result, dict) else "ok"
        )

    return work


def _approve(data, ours, exhausted):
    queues = {login: list(orders) for login, orders in data["approvals"].items()}

    def work(client, record):
        if not queues[client.login]:
            # Out of work (said in the report): the approver idles until the time is up.
            exhausted.add(client.login)
            time.sleep(0.2)
            return
        order_id, step_id = queues[client.login].pop(0)
        start = time.perf_counter()
        if ours:
            result = client.call(
                "sale.order", "action_approve", [order_id], approval_ids=[step_id]
            )
        else:
            result = client.call("sale.order", "action_confirm", [order_id])
        record(
            time.perf_counter() - start, "held" if isinstance(result, dict) else "ok"
        )

    return work


def _run_segment(side, scenario, logins, work, seconds):
    latencies, outcomes = [], []

    def one(client):
        work(
            client,
            lambda seconds, outcome: (
                latencies.append(seconds),
                outcomes.append(outcome),
            ),
        )

    clients = [side.clients[login] for login in logins]
    result = run_clients(clients, one, duration=seconds)
    side.results.setdefault(scenario, []).append((result, latencies, outcomes))


def _figures(side, scenario):
    segments = side.results[scenario]
    elapsed = sum(result.elapsed for result, _l, _o in segments)
    latencies = [s for _r, lat, _o in segments for s in lat]
    outcomes = [o for _r, _l, out in segments for o in out]
    errors = sum(sum(result.errors.values()) for result, _l, _o in segments)
    confirmed = outcomes.count("ok")
    return {
        "rate": confirmed / elapsed if elapsed else 0.0,
        "orders": confirmed,
        "held": outcomes.count("held"),
        "errors": errors,
        "elapsed": elapsed,
        **latency_stats(latencies),
    }


SCENARIOS = (
    ("distinct", f"{SALES} salespeople, a customer each: create + confirm"),
    ("shared", f"{SALES} salespeople, one shared customer: create + confirm"),
    ("approvers", f"{APPROVERS} approvers: approve (stock: confirm a quotation)"),
)


def run(config, stock_database, database):
    """Copy both databases, prepare them, run every scenario on both servers, print the
    figures; return True when every target is met."""
    seconds = _setting("LOAD_SECONDS", 40)
    sides = [
        Side("stock", f"{stock_database}_loadcmp", None),
        Side("ours", f"{database}_loadcmp", None),
    ]
    for side, source in zip(sides, (stock_database, database), strict=True):
        print(f"[load] copying {source} to {side.database}, preparing", flush=True)
        duplicate_database(source, side.database)
        with Registry(side.database).cursor() as cr:
            side.data = prepare(Environment(cr, SUPERUSER_ID, {}), side.name)
    try:
        with (
            start_server(config, sides[0].database) as stock_server,
            start_server(config, sides[1].database) as ours_server,
        ):
            for side, server in zip(sides, (stock_server, ours_server), strict=True):
                logins = side.data["sales"] + side.data["approvers"]
                clients = _login_all(server.url, side.database, logins)
                side.clients = dict(zip(logins, clients, strict=True))
            print(
                f"[load] stock on {stock_server.url}, ours on {ours_server.url}; "
                f"{seconds} s per scenario and side",
                flush=True,
            )
            for scenario, _label in SCENARIOS:
                print(f"[load] {scenario} ...", flush=True)
                works = {}
                for side in sides:
                    if scenario == "approvers":
                        works[side.name] = _approve(
                            side.data, side.name == "ours", side.exhausted
                        )
                    else:
                        works[side.name] = _create_and_confirm(
                            side.data, scenario == "shared"
                        )
                # stock, ours, ours, stock: drift of the machine's load hits both alike
                for side in (sides[0], sides[1], sides[1], sides[0]):
                    logins = side.data[
                        "approvers" if scenario == "approvers" else "sales"
                    ]
                    _run_segment(side, scenario, logins, works[side.name], seconds / 2)
            for side, server in zip(sides, (stock_server, ours_server), strict=True):
                for scenario, _label in SCENARIOS:
                    for result, _l, _o in side.results[scenario]:
                        if result.errors:
                            print(f"  {side.name}, {scenario}:")
                            _print_errors(result)
                side.retries = server.count_retries()
    finally:
        for side in sides:
            Registry.delete(side.database)
            if not os.environ.get("LOAD_KEEP_DB"):
                drop_database(side.database)
    return report(sides, seconds)


def report(sides, seconds):
    """Print the table and the targets; return True when they are met."""
    figures = {
        (side.name, scenario): _figures(side, scenario)
        for side in sides
        for scenario, _label in SCENARIOS
    }
    rows = [
        (
            "scenario",
            "side",
            "orders/s",
            "p50 ms",
            "p95 ms",
            "max ms",
            "errors",
            "held",
            "ours/stock",
        )
    ]
    for scenario, label in SCENARIOS:
        stock = figures["stock", scenario]
        for name in ("stock", "ours"):
            fig = figures[name, scenario]
            ratio = (
                f"x{fig['rate'] / stock['rate']:.2f}"
                if name == "ours" and stock["rate"]
                else ""
            )
            rows.append(
                (
                    label if name == "stock" else "",
                    name,
                    f"{fig['rate']:.2f}",
                    f"{fig['p50']:.0f}",
                    f"{fig['p95']:.0f}",
                    f"{fig['max']:.0f}",
                    str(fig["errors"]),
                    str(fig["held"]),
                    ratio,
                )
            )
    print(
        f"\n{NAME}: {seconds} s per scenario and side (4 segments stock/ours/ours/stock)"
    )
    print_table(rows, indent="  ")
    ours_errors = sum(figures["ours", s]["errors"] for s, _l in SCENARIOS)
    distinct = figures["ours", "distinct"]["rate"] / (
        figures["stock", "distinct"]["rate"] or 1
    )
    shared = figures["ours", "shared"]["rate"] / (
        figures["ours", "distinct"]["rate"] or 1
    )
    stock_shared = figures["stock", "shared"]["rate"] / (
        figures["stock", "distinct"]["rate"] or 1
    )
    checks = [
        (f"errors on our side: {ours_errors} (target 0)", ours_errors == 0),
        (
            f"distinct customers, ours / stock: x{distinct:.2f} (target >= 0.90)",
            distinct >= 0.9,
        ),
        (
            f"shared customer / distinct customers, ours: x{shared:.2f} (target >= 0.70; "
            f"stock: x{stock_shared:.2f})",
            shared >= 0.7,
        ),
    ]
    for side in sides:
        calls = [
            f"{label.split('.')[-1]} {latency_stats(latencies)['p50']:.0f}"
            for label in ("sale.order.create", "sale.order.action_confirm")
            for latencies in [
                [
                    call.seconds
                    for scenario in ("distinct", "shared")
                    for result, _l, _o in side.results[scenario]
                    for call in result.calls
                    if call.label == label
                ]
            ]
        ]
        retries = side.retries
        print(
            f"  {side.name}: p50 ms per request of the salespeople: {', '.join(calls)}; "
            f"server: {retries.get('retried', 0)} retries after a concurrency error, "
            f"{retries.get('exhausted', 0)} out of retries"
        )
        for statement, count in retries.get("statements", {}).most_common(3):
            print(f"    {count} x {statement}")
        if side.exhausted:
            print(
                f"  {side.name}: {len(side.exhausted)} approvers ran out of orders "
                "(raise APPROVALS_PER_APPROVER): their throughput is a lower bound"
            )
    for text, ok in checks:
        print(f"  {text}: {'ok' if ok else 'TARGET MISSED'}")
    return all(ok for _text, ok in checks)
