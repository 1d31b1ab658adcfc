# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Confirming an order: stock Odoo, OCA's peers and ours, side by side, wall-clock first.

Each comparison builds the same data in the three databases (stock Odoo only; OCA's
``sale_tier_validation``, ``sale_exception`` and ``sale_financial_risk``; our addons), turns
on the checks each side offers (configured so that the measured orders pass: no approval, no
exception, no hold), then confirms one order per repetition on each side in turn, in one
process (see ``benchlib.compare``). The figure is the median wall-clock time; CPU time, SQL
time (the sum of the query durations) and the query count are shown beside it.
"""

from bench_flow import _big_customer, _orders, _products, _turn_every_check_on
from benchlib import compare

REPEAT = 15
BIG = 2000


def _tier_above(env):
    """Ours: one approval tier, which the measured orders (a few hundreds) do not reach, so
    the tier rules run without asking for an approval."""
    env["sale.approval.tier"].create(
        {
            "name": "Bench tier",
            "min_amount": 1_000_000.0,
            "group_id": env.ref("sale_order_flow.group_sale_approver").id,
        }
    )


def turn_oca_checks_on(env, partner, risk=True):
    """OCA's equivalents of our checks, configured so that the measured orders pass:

    - ``sale_tier_validation``: a tier definition on sale orders above 1,000,000;
    - ``sale_exception``: its stock rule ("Not Enough Virtual Stock") and two rules of ours
      (price more than 10 % below the list price, price below cost) as Python rules;
    - ``sale_financial_risk`` (``risk``): a credit limit for the customer, with open and
      draft invoices, unpaid invoices and confirmed orders counted in its risk.
    """
    env["tier.definition"].create(
        {
            "name": "Bench tier",
            "model_id": env["ir.model"]._get_id("sale.order"),
            "review_type": "group",
            "reviewer_group_id": env.ref("sales_team.group_sale_manager").id,
            "definition_type": "domain",
            "definition_domain": "[('amount_untaxed', '>', 1000000)]",
        }
    )
    env.ref("sale_exception.excep_no_stock").active = True
    env["exception.rule"].create(
        [
            {
                "name": "Bench price tolerance",
                "model": "sale.order.line",
                "exception_type": "by_py_code",
                "code": "failed = bool(self.product_id) and "
                "self.price_unit < self.product_id.lst_price * 0.9",
            },
            {
                "name": "Bench below cost",
                "model": "sale.order.line",
                "exception_type": "by_py_code",
                "code": "failed = bool(self.product_id) and "
                "self.price_unit < self.product_id.standard_price",
            },
        ]
    )
    if risk:
        partner.with_company(env.company).write(
            {
                "credit_limit": 1e12,
                "risk_invoice_draft_include": True,
                "risk_invoice_open_include": True,
                "risk_invoice_unpaid_include": True,
                "risk_sale_order_include": True,
            }
        )


def turn_checks_on(env, side, partner, credit=True):
    """Every check ``side`` offers (nothing on stock), no approval needed."""
    if side == "ours":
        _turn_every_check_on(env, partner, credit=credit)
        _tier_above(env)
    elif side == "oca":
        turn_oca_checks_on(env, partner, risk=credit)


def _confirm_steps(orders):
    return [order.action_confirm for order in orders]


@compare(
    "confirm a 20-line order, no check configured",
    target="<= 1.03x stock",
    max_ratio=1.03,
    repeat=REPEAT,
)
def confirm_20_lines_no_check(env, side):
    partner = env["res.partner"].create({"name": "Bench customer"})
    return _confirm_steps(
        _orders(env, partner, _products(env, 20, "plain"), REPEAT + 1)
    )


@compare(
    "confirm a 20-line order of a small customer, every check on, no approval needed",
    target="<= 1.08x stock",
    max_ratio=1.08,
    repeat=REPEAT,
)
def confirm_20_lines_all_checks(env, side):
    partner = env["res.partner"].create({"name": "Bench customer"})
    orders = _orders(env, partner, _products(env, 20, "checked"), REPEAT + 1)
    turn_checks_on(env, side, partner)
    return _confirm_steps(orders)


@compare(
    f"confirm a 1-line order of a customer with {BIG:,} open invoices and {BIG:,} "
    "uninvoiced orders, every check on",
    target="<= 1.20x stock",
    max_ratio=1.20,
    repeat=REPEAT,
    profile=True,
)
def confirm_big_customer(env, side):
    partner, product = _big_customer(env, BIG)
    orders = _orders(env, partner, product, REPEAT + 1)
    turn_checks_on(env, side, partner)
    env.cr.execute(
        "ANALYZE account_move_line, account_move, sale_order, sale_order_line"
    )
    return _confirm_steps(orders)


@compare(
    "same big customer's 1-line order, review checks on, credit policy off",
    target="(the review's own share)",
    repeat=REPEAT,
    sides=("stock", "ours"),
)
def confirm_big_customer_review_only(env, side):
    partner, product = _big_customer(env, BIG)
    orders = _orders(env, partner, product, REPEAT + 1)
    turn_checks_on(env, side, partner, credit=False)
    env.cr.execute(
        "ANALYZE account_move_line, account_move, sale_order, sale_order_line"
    )
    return _confirm_steps(orders)
