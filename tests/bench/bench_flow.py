# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale_order_flow against stock Odoo: the query count of a confirmation and the approvers'
queue with thousands of waiting orders. The confirmation's timings are in bench_confirm.py.

The same data is built in both databases with stock models only; the checks of our addons
(review, credit) are switched on only where the benchmark says so.
"""

from benchlib import bench, count_queries

from odoo import Command


def _products(env, count, tag):
    """Storable products with plenty of stock, sold at list price above cost."""
    products = env["product.product"].create(
        [
            {
                "name": f"Bench {tag} {index}",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 60.0,
                "taxes_id": [Command.clear()],
            }
            for index in range(count)
        ]
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    env["stock.quant"].create(
        [
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 1_000_000,
            }
            for product in products
        ]
    ).action_apply_inventory()
    return products


def _orders(env, partner, products, count):
    return env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1.0})
                    for product in products
                ],
            }
            for _index in range(count)
        ]
    )


def _turn_every_check_on(env, partner, credit=True):
    """Our addons only: price tolerance, below cost, stock and (``credit``) the credit
    policy, all configured so that the measured orders pass without approval."""
    company = env.company
    company.write(
        {
            "sale_check_price_tolerance": True,
            "sale_price_tolerance": 10.0,
            "sale_check_below_cost": True,
            "sale_stock_check": "review",
        }
    )
    if credit and "account_use_credit_limit" in company._fields:
        company.account_use_credit_limit = True
        if "credit_hold_orders" in company._fields:
            company.credit_hold_orders = True
        partner = partner.with_company(company)
        if "use_partner_credit_limit" in partner._fields:
            partner.use_partner_credit_limit = True
        partner.credit_limit = 1e12


def _clone_rows(cr, table, template_id, count, overrides, link=None):
    """Insert ``count`` copies of row ``template_id`` of ``table`` in one statement.

    ``overrides`` maps columns to SQL expressions of the copy number ``g``; ``link`` is
    (column, ids): copy number g gets ids[g - 1] in that column.
    """
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name != 'id'""",
        [table],
    )
    skip = set(overrides) | ({link[0]} if link else set())
    columns = [row[0] for row in cr.fetchall() if row[0] not in skip]
    targets = [*overrides, *columns]
    sources = [*overrides.values(), *(f't."{c}"' for c in columns)]
    params = []
    if link:
        targets.append(link[0])
        sources.append("(%s::int[])[g]")
        params.append(link[1])
    names = ", ".join(f'"{c}"' for c in targets)
    cr.execute(
        f"""INSERT INTO "{table}" ({names})
            SELECT {", ".join(sources)} FROM "{table}" t, generate_series(1, %s) g
             WHERE t.id = %s ORDER BY g RETURNING id""",
        [*params, count, template_id],
    )
    return [row[0] for row in cr.fetchall()]


def _big_customer(env, count):
    """A customer with ``count`` open invoices and ``count`` confirmed orders (bulk SQL
    copies of one real invoice and one real order)."""
    partner = env["res.partner"].create({"name": "Bench big customer"})
    product = _products(env, 1, "big")
    order = _orders(env, partner, product, 1)
    order.action_confirm()
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "quantity": 1, "price_unit": 100.0}
                )
            ],
        }
    )
    invoice.action_post()
    env.flush_all()
    cr = env.cr
    order_ids = _clone_rows(
        cr, "sale_order", order.id, count, {"name": "'BENCH/SO/' || g"}
    )
    _clone_rows(
        cr,
        "sale_order_line",
        order.order_line.id,
        count,
        {},
        link=("order_id", order_ids),
    )
    move_ids = _clone_rows(
        cr, "account_move", invoice.id, count, {"name": "'BENCH/INV/' || g"}
    )
    for line in invoice.line_ids:
        _clone_rows(
            cr, "account_move_line", line.id, count, {}, link=("move_id", move_ids)
        )
    env.invalidate_all()
    return partner, product


@bench(
    "queries to confirm a 20-line order, every check on, no approval needed",
    unit="queries",
    target="a few more than stock, independent of the lines",
)
def confirm_20_lines_all_checks_queries(env, stock):
    partner = env["res.partner"].create({"name": "Bench customer"})
    orders = _orders(env, partner, _products(env, 20, "counted"), 2)
    if not stock:
        _turn_every_check_on(env, partner)
    orders[0].action_confirm()
    return count_queries(env, orders[1].action_confirm)


def _clone_queue_orders(env, stock, count, tag):
    """Return the ids of ``count`` SQL copies of a 1-line order: quotations sent (stock)
    or orders waiting for approval, without their steps (ours)."""
    partner = env["res.partner"].create({"name": f"Bench {tag} customer"})
    order = _orders(env, partner, _products(env, 1, tag), 1)
    env.flush_all()
    state = "sent" if stock else "to_approve"
    return _clone_rows(
        env.cr,
        "sale_order",
        order.id,
        count,
        {"name": f"'BENCH/{tag}/' || g", "state": f"'{state}'"},
    )


def _waiting_queue(env, stock, count):
    """``count`` orders in the queue: quotations sent (stock) or waiting for approval."""
    order_ids = _clone_queue_orders(env, stock, count, "queue")
    if not stock:
        group = env.ref("sale_order_flow.group_sale_approver")
        env.cr.execute(
            """INSERT INTO sale_order_approval (order_id, company_id, name, sequence, round,
                       group_id, state, is_current, date_submitted, create_date, write_date)
                SELECT id, %s, 'Bench tier', 1, 1, %s, 'pending', true, now(), now(), now()
                  FROM unnest(%s::int[]) id""",
            [env.company.id, group.id, order_ids],
        )
    env.invalidate_all()


# What the web client reads for a page of the orders' list, and ours for the To Approve one.
LIST_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "date_order": {},
    "amount_untaxed": {},
    "amount_total": {},
    "currency_id": {"fields": {}},
}
OUR_QUEUE_SPEC = {
    "order_type_id": {"fields": {"display_name": {}}},
    "current_approval_id": {"fields": {"display_name": {}}},
    "is_waiting_my_approval": {},
    "date_submitted": {},
}


def _open_queue(env, stock):
    """What the web client does for the queue: the first page and the counter."""
    orders = env["sale.order"]
    if stock:
        domain = [("state", "=", "sent")]
    else:
        domain = [("state", "=", "to_approve"), ("is_waiting_my_approval", "=", True)]
    spec = dict(LIST_SPEC) if stock else {**LIST_SPEC, **OUR_QUEUE_SPEC}

    def run():
        orders.web_search_read(domain, spec, limit=80)
        orders.search_count(domain)

    run()  # warm the registry caches
    return count_queries(env, run)


def _queue_bench(count, other):
    def measure(env, stock):
        _waiting_queue(env, stock, count)
        return _open_queue(env, stock)

    return bench(
        f"To Approve list + counter with {count:,} orders waiting "
        f"(stock: {count:,} sent quotations)",
        unit="queries",
        target=f"constant (same as with {other:,} waiting)",
    )(measure)


queue_10000 = _queue_bench(10_000, 10)
queue_10 = _queue_bench(10, 10_000)
