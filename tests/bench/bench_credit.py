# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale_credit_guard against stock Odoo's credit warning.

One customer with 5,000 open posted invoices and 5,000 confirmed, uninvoiced orders (one
of each made through the ORM, the others copied by SQL so the data takes seconds), and a
quotation of that customer. Stock Odoo's figure is its quotation credit warning
(``sale.order.partner_credit_warning``), ours the complete credit check of
``action_confirm`` (row lock, exposure, limit, overdue, hold). Credit limits are on in both.
"""

import logging

from benchlib import bench, count_queries, measure_ms

from odoo import Command, fields
from odoo.tools import SQL

DOCUMENTS = 5000
CUSTOMERS = 1000
REPEAT = 5


def _copy_rows(
    env, table, template_id, count, overrides, parent_column=None, parent_ids=None
):
    """Copy row ``template_id`` of ``table``: ``count`` times, or once per id of
    ``parent_ids`` put in ``parent_column``. ``overrides`` maps columns to SQL expressions
    (``n`` is the copy number). Returns the new ids in copy order."""
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name != 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in env.cr.fetchall()]
    overrides = dict(overrides)
    if parent_column:
        overrides[parent_column] = SQL("parent_ids.parent_id")
        source = SQL(
            "unnest(%s::int[]) WITH ORDINALITY AS parent_ids(parent_id, n)", parent_ids
        )
    else:
        source = SQL("generate_series(1, %s) AS n", count)
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s AS src, %s WHERE src.id = %s "
            "ORDER BY n RETURNING id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(col) for col in columns),
            SQL(", ").join(
                overrides.get(col, SQL("src.%s", SQL.identifier(col)))
                for col in columns
            ),
            SQL.identifier(table),
            source,
            template_id,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def _setup(env):
    """The customer with its invoices and orders, and the quotation to check."""
    company = env.company
    company.account_use_credit_limit = True
    if "credit_hold_orders" in company._fields:  # our database: the policy holds orders
        company.credit_hold_orders = True
    partner = env["res.partner"].create(
        {"name": "Bench Credit Customer", "is_company": True, "credit_limit": 1e12}
    )
    product = env["product.product"].create(
        {
            "name": "Bench credit service",
            "type": "service",
            "invoice_policy": "order",
            "list_price": 10.0,
            "taxes_id": [Command.clear()],
        }
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": fields.Date.today(),
            "invoice_line_ids": [
                Command.create({"product_id": product.id, "price_unit": 10.0})
            ],
        }
    )
    invoice.action_post()
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": product.id})],
        }
    )
    order.action_confirm()
    env.flush_all()
    move_ids = _copy_rows(
        env,
        "account_move",
        invoice.id,
        DOCUMENTS - 1,
        {"name": SQL("'BENCH/' || lpad(n::text, 6, '0')")},
    )
    for line in invoice.line_ids:
        _copy_rows(env, "account_move_line", line.id, None, {}, "move_id", move_ids)
    order_ids = _copy_rows(
        env, "sale_order", order.id, DOCUMENTS - 1, {"name": SQL("'SBENCH' || n")}
    )
    _copy_rows(
        env, "sale_order_line", order.order_line.id, None, {}, "order_id", order_ids
    )
    env.invalidate_all()
    env.cr.execute(
        "ANALYZE account_move_line, account_move, sale_order, sale_order_line"
    )
    quotation = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 3})
            ],
        }
    )
    env.flush_all()
    return partner, quotation


def _credit_hold_check(order):
    """The credit part of the confirmation gate, as confirming the quotation runs it."""
    decisions = [{"order": order, "outcome": "confirm"}]
    order._gate_check_holds(decisions)
    return decisions[0]["outcome"]


def _stock_warning(order):
    order.invalidate_recordset(["partner_credit_warning"])
    return order.partner_credit_warning


@bench(
    "credit check, 5k open invoices + 5k uninvoiced orders",
    unit="ms",
    target="<= 0.1x stock credit warning",
    max_ratio=0.1,
)
def credit_check_ms(env, stock):
    _partner, quotation = _setup(env)
    if stock:
        return measure_ms(env, lambda: _stock_warning(quotation), repeat=REPEAT)
    return measure_ms(env, lambda: _credit_hold_check(quotation), repeat=REPEAT)


@bench(
    "credit check queries, 5k open invoices + 5k uninvoiced orders",
    unit="queries",
    target="fixed (assertQueryCount)",
)
def credit_check_queries(env, stock):
    _partner, quotation = _setup(env)
    if stock:
        return count_queries(env, lambda: _stock_warning(quotation))
    return count_queries(env, lambda: _credit_hold_check(quotation))


@bench(
    "quotation line edit (onchange) with the credit display, 5k + 5k",
    unit="ms",
    target="<= stock",
    max_ratio=1.0,
)
def quotation_onchange_ms(env, stock):
    # Form replays what the web client sends on a line change (the whole form's onchange).
    # It lives in the test framework, which complains when imported outside a test run.
    logging.getLogger("odoo.tests.common").setLevel(logging.CRITICAL)
    from odoo.tests import Form  # pylint: disable=import-outside-toplevel

    _partner, quotation = _setup(env)
    form = Form(quotation)
    quantities = iter(range(4, 100))

    def edit_line():
        with form.order_line.edit(0) as line:
            line.product_uom_qty = next(quantities)

    return measure_ms(env, edit_line, repeat=REPEAT)


@bench(
    "credit exposure of 1,000 customers in one list",
    unit="queries",
    target="one batch (fixed)",
)
def customer_list_queries(env, stock):
    partners = env["res.partner"].create(
        [
            {"name": f"Bench list customer {i}", "is_company": True}
            for i in range(CUSTOMERS)
        ]
    )
    env.company.account_use_credit_limit = True
    # Stock Odoo's equivalent columns: total receivable and amount still to invoice.
    fnames = ["credit", "credit_to_invoice"] if stock else ["credit_exposure"]
    return count_queries(env, lambda: partners.browse(partners.ids).read(fnames))
