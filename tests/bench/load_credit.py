# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The credit lock under load: a real Odoo server with 4 workers, salespeople working on the
same customer at the same time over JSON-RPC, each logged in as themself.

- Scenario A: for ``LOAD_SECONDS`` (60) seconds, 10 users create and confirm small orders of
  one customer (credit limit high enough that nothing is held) while 4 users create and edit
  quotations of that customer, each user pausing ``LOAD_THINK`` (0) seconds between two
  orders. Target: no error seen by any user.
- Scenario B: 12 users confirm one order each at the same instant, for a customer whose
  credit limit fits exactly three of them, ``LOAD_ROUNDS`` (3) times. Target: 3 confirmed,
  9 held, no error, each round.

The database is a copy of the benchmark database (``LOAD_DB``, default ``<database>_load``),
prepared and dropped here; the server listens on 127.0.0.1 (``LOAD_PORT``, default a free
port) and is killed at the end, also on failure or Ctrl-C. ``LOAD_KEEP_DB=1`` keeps the copy.
"""

import os
import threading

from loadlib import (
    create_users,
    drop_database,
    duplicate_database,
    latency_stats,
    login,
    run_clients,
    start_server,
)

from odoo import SUPERUSER_ID, Command
from odoo.api import Environment
from odoo.modules.registry import Registry

NAME = "load: credit lock, 4 workers, one customer"
CONFIRMERS = 10
EDITORS = 4
RACERS = 12
RACE_FITS = 3
PRICE = 100.0
PASSWORD = "load-bench"


def _setting(name, default):
    return int(os.environ.get(name) or default)


def prepare(env):
    """Company with credit holds on, the customers, a product and the salespeople (all with
    the password ``PASSWORD``). Returns the ids the scenarios use."""
    company = env.ref("base.main_company")
    company.write({"account_use_credit_limit": True, "credit_hold_orders": True})
    shared = env["res.partner"].create(
        {"name": "Load Shared Customer", "is_company": True, "credit_limit": 1e12}
    )
    product = env["product.product"].create(
        {
            "name": "Load item",
            "type": "consu",
            "invoice_policy": "order",
            "list_price": PRICE,
            "taxes_id": [Command.clear()],
        }
    )
    groups = env.ref("sales_team.group_sale_salesman") | env.ref("base.group_user")
    users = create_users(
        env, company, "sales", max(CONFIRMERS + EDITORS, RACERS), groups, PASSWORD
    )
    return {
        "company_id": company.id,
        "shared_id": shared.id,
        "product_id": product.id,
        "user_ids": users.ids,
        "logins": users.mapped("login"),
    }


def _order_values(data, qty=1.0):
    return {
        "partner_id": data["shared_id"],
        "order_line": [
            Command.create({"product_id": data["product_id"], "product_uom_qty": qty})
        ],
    }


def scenario_a(clients, data, duration, think=0.0):
    """Confirmers and quotation editors on the shared customer for ``duration`` seconds.
    Returns (pool result, orders confirmed, orders held)."""
    confirmed, held = [], []

    def confirm(client):
        order_id = client.call("sale.order", "create", _order_values(data))
        result = client.call("sale.order", "action_confirm", [order_id])
        # A dict is the credit hold dialog: not expected with this customer's limit.
        (held if isinstance(result, dict) else confirmed).append(order_id)

    def edit(client):
        order_id = client.call("sale.order", "create", _order_values(data, qty=2))
        client.call(
            "sale.order",
            "write",
            [order_id],
            {
                "order_line": [
                    Command.create(
                        {"product_id": data["product_id"], "product_uom_qty": 3}
                    )
                ]
            },
        )
        client.call("sale.order", "read", [order_id], ["amount_total", "state"])

    confirmers = {client.login for client in clients[:CONFIRMERS]}
    result = run_clients(
        clients[: CONFIRMERS + EDITORS],
        lambda client: confirm(client) if client.login in confirmers else edit(client),
        duration=duration,
        think=think,
    )
    return result, len(confirmed), len(held)


def scenario_b(clients, registry, data, round_no):
    """``RACERS`` users confirm one order each, together, for a customer whose limit fits
    ``RACE_FITS`` orders. Returns (confirmed, held, pool result)."""
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        customer = env["res.partner"].create(
            {
                "name": f"Load Race Customer {round_no}",
                "is_company": True,
                "credit_limit": RACE_FITS * PRICE,
            }
        )
        orders = env["sale.order"].create(
            [
                {**_order_values(data), "partner_id": customer.id, "user_id": user_id}
                for user_id in data["user_ids"][:RACERS]
            ]
        )
        order_of = dict(zip(data["logins"], orders.ids, strict=False))
    result = run_clients(
        clients[:RACERS],
        lambda client: client.call(
            "sale.order", "action_confirm", [order_of[client.login]]
        ),
        iterations=1,
        barrier=True,
    )
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        orders = env["sale.order"].browse(orders.ids)
        confirmed = len(orders.filtered(lambda o: o.state == "sale"))
        held = len(orders.filtered("credit_hold"))
    return confirmed, held, result


def _login_all(url, database, logins):
    clients = [None] * len(logins)

    def one(index):
        clients[index] = login(url, database, logins[index], PASSWORD)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(logins))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if None in clients:
        raise RuntimeError("a load benchmark user could not log in")
    return clients


def _print_errors(result):
    for (label, name), count in result.errors.most_common():
        message = " ".join(str(result.error_examples[label, name]).split())
        print(f"    {count} x {label}: {name}: {message[:300]}")


def _ms(stats):
    return " / ".join(f"{stats[k]:.0f}" for k in ("p50", "p95", "max")) + " ms"


def run(config, database):
    """Prepare a copy of ``database``, run both scenarios against a 4-worker server on it,
    print the figures; return True when every target is met."""
    load_db = os.environ.get("LOAD_DB") or f"{database}_load"
    duration = _setting("LOAD_SECONDS", 60)
    think = float(os.environ.get("LOAD_THINK") or 0)
    rounds = _setting("LOAD_ROUNDS", 3)
    print(f"[load] copying {database} to {load_db}", flush=True)
    duplicate_database(database, load_db)
    registry = Registry(load_db)
    with registry.cursor() as cr:
        data = prepare(Environment(cr, SUPERUSER_ID, {}))
    ok = True
    try:
        with start_server(config, load_db, port=_setting("LOAD_PORT", 0)) as server:
            print(f"[load] Odoo, 4 workers, on {server.url}", flush=True)
            clients = _login_all(server.url, load_db, data["logins"])

            result, confirmed, held = scenario_a(clients, data, duration, think)
            retries = server.count_retries()
            errors = sum(result.errors.values())
            ok &= errors == 0
            print(
                f"\nScenario A: {duration} s, {CONFIRMERS} users confirming orders and "
                f"{EDITORS} users editing quotations of one customer, {think:g} s pause "
                "between two orders of a user"
            )
            print(
                f"  requests {result.requests}, orders confirmed {confirmed} "
                f"({confirmed / result.elapsed:.1f}/s), held {held}"
            )
            print(f"  latency p50 / p95 / max: {_ms(latency_stats(result.latencies))}")
            for label in (
                "sale.order.action_confirm",
                "sale.order.create",
                "sale.order.write",
            ):
                print(f"    {label}: {_ms(latency_stats(result.latencies_of(label)))}")
            print(f"  errors seen by users: {errors} (target 0)")
            _print_errors(result)
            print(
                f"  server: {retries['retried']} retries after a concurrency error, "
                f"{retries['exhausted']} requests out of retries; failed statements:"
            )
            for statement, count in retries["statements"].most_common(5):
                print(f"    {count} x {statement}")

            print(
                f"\nScenario B: {RACERS} users confirm at once, the credit limit fits "
                f"{RACE_FITS} orders (target: {RACE_FITS} confirmed, "
                f"{RACERS - RACE_FITS} held, 0 errors)"
            )
            for round_no in range(1, rounds + 1):
                before = server.count_retries()
                confirmed, held, result = scenario_b(clients, registry, data, round_no)
                after = server.count_retries()
                errors = sum(result.errors.values())
                ok &= (confirmed, held, errors) == (
                    RACE_FITS,
                    RACERS - RACE_FITS,
                    0,
                )
                print(
                    f"  round {round_no}: confirmed {confirmed}, held {held}, errors "
                    f"{errors}; slowest {max(result.latencies, default=0):.1f} s, "
                    f"{after['retried'] - before['retried']} server retries"
                )
                _print_errors(result)
                for statement, count in (
                    after["statements"] - before["statements"]
                ).most_common(3):
                    print(f"    {count} x {statement}")
    finally:
        Registry.delete(load_db)
        if not os.environ.get("LOAD_KEEP_DB"):
            drop_database(load_db)
    print(f"\n{NAME}: {'ok' if ok else 'TARGET MISSED'}")
    return ok
