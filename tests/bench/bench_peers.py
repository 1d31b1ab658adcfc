# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The jobs OCA's peers also do, side by side with stock Odoo and ours (see
``benchlib.compare``): the credit verdict of a big customer, and the approver's queue and
its counter with thousands of orders waiting.

- Credit verdict: stock Odoo's is the quotation's credit warning
  (``sale.order.partner_credit_warning``); OCA's, ``sale_financial_risk``'s check on
  confirmation (``sale.order.evaluate_risk_message``: the partner's risk, open and draft
  invoices, unpaid invoices and orders included); ours, the credit part of the confirmation
  gate (``_gate_check_holds``: lock, exposure, limit, overdue, hold).
- Queue: what the approver's web client loads: the first page of the list and the counter.
  Stock Odoo has no approval: its figure is the list of sent quotations. OCA: the "Needs my
  Review" list of ``sale_tier_validation`` and the systray counter of
  ``base_tier_validation`` (``res.users.review_user_count``). Ours: the To Approve list and
  its counter.
"""

from bench_confirm import turn_checks_on
from bench_credit import _credit_hold_check
from bench_flow import (
    LIST_SPEC,
    OUR_QUEUE_SPEC,
    _big_customer,
    _clone_rows,
    _orders,
    _products,
)
from benchlib import compare

from odoo import Command

REPEAT = 15
BIG = 2000
QUEUE = 2000


def credit_verdict_steps(env, side, count, repeat=REPEAT):
    """The steps measuring ``side``'s credit verdict of a quotation of a customer with
    ``count`` open invoices and ``count`` uninvoiced orders."""
    partner, product = _big_customer(env, count)
    quotation = _orders(env, partner, product, 1)
    env.company.account_use_credit_limit = True
    partner.with_company(env.company).credit_limit = 1e12
    turn_checks_on(env, side, partner)
    env.cr.execute(
        "ANALYZE account_move_line, account_move, sale_order, sale_order_line"
    )
    env.flush_all()
    if side == "stock":

        def verdict():
            return quotation.partner_credit_warning

    elif side == "oca":
        commercial = quotation.partner_invoice_id.commercial_partner_id

        def verdict():
            return quotation.evaluate_risk_message(commercial)

    else:

        def verdict():
            return _credit_hold_check(quotation)

    return [verdict] * (repeat + 1)


@compare(
    f"credit verdict of a quotation, customer with {BIG:,} open invoices and {BIG:,} "
    "uninvoiced orders",
    target="faster than OCA's risk check",
    repeat=REPEAT,
)
def credit_verdict(env, side):
    return credit_verdict_steps(env, side, BIG)


def _approver(env, side):
    """A user who approves (ours: the approvers' group; OCA: the tier's reviewer group;
    stock: a sales manager)."""
    groups = env.ref("sales_team.group_sale_manager") | env.ref("base.group_user")
    if side == "ours":
        groups |= env.ref("sale_order_flow.group_sale_approver")
    return env["res.users"].create(
        {
            "name": "Bench approver",
            "login": "bench_approver",
            "groups_id": [Command.set(groups.ids)],
        }
    )


def queue_steps(env, side, count, repeat=REPEAT):
    """``count`` orders waiting for the approver of ``side`` (stock: sent quotations);
    steps loading the approver's list and counter."""
    approver = _approver(env, side)
    partner = env["res.partner"].create({"name": "Bench queue customer"})
    order = _orders(env, partner, _products(env, 1, "queue"), 1)
    if side == "ours":
        env["sale.approval.tier"].create(
            {
                "name": "Bench tier",
                "min_amount": 0.0,
                "group_id": env.ref("sale_order_flow.group_sale_approver").id,
            }
        )
        order.action_confirm()
        assert order.state == "to_approve", order.state
    elif side == "oca":
        env["tier.definition"].create(
            {
                "name": "Bench tier",
                "model_id": env["ir.model"]._get_id("sale.order"),
                "review_type": "individual",
                "reviewer_id": approver.id,
                "definition_type": "domain",
                "definition_domain": "[]",
            }
        )
        order.request_validation()
        assert order.review_ids, "OCA: no review requested"
    else:
        order.action_quotation_sent()
    env.flush_all()
    cr = env.cr
    order_ids = _clone_rows(
        cr, "sale_order", order.id, count - 1, {"name": "'BENCH/Q/' || g"}
    )
    if side == "ours":
        approval = order.current_approval_id
        _clone_rows(
            cr,
            "sale_order_approval",
            approval.id,
            count - 1,
            {},
            ("order_id", order_ids),
        )
    elif side == "oca":
        review = order.review_ids
        review_ids = _clone_rows(
            cr, "tier_review", review.id, count - 1, {}, ("res_id", order_ids)
        )
        field = env["tier.review"]._fields["reviewer_ids"]
        cr.execute(
            f"""INSERT INTO "{field.relation}" ("{field.column1}", "{field.column2}")
                SELECT id, %s FROM unnest(%s::int[]) id""",
            [approver.id, review_ids],
        )
    env.invalidate_all()
    # As autovacuum would after such an insert: the planner must know how many wait.
    tables = {"ours": "sale_order_approval", "oca": "tier_review"}
    cr.execute(f"ANALYZE sale_order{', ' + tables[side] if side in tables else ''}")
    orders = env["sale.order"].with_user(approver)
    spec = {**LIST_SPEC, "state": {}}
    if side == "ours":
        domain = [("state", "=", "to_approve"), ("is_waiting_my_approval", "=", True)]
        spec.update(OUR_QUEUE_SPEC)
    elif side == "oca":
        domain = [
            ("reviewer_ids", "in", approver.id),
            ("state", "not in", ["sale", "cancel"]),
        ]
        spec["validation_status"] = {}
    else:
        domain = [("state", "=", "sent")]

    def open_queue():
        orders.web_search_read(domain, spec, limit=80)
        if side == "oca":
            counters = env["res.users"].with_user(approver).review_user_count()
            assert counters and counters[0]["pending_count"] == count, counters
        else:
            assert orders.search_count(domain) == count

    return [open_queue] * (repeat + 1)


@compare(
    f"approver's queue: first page + counter, {QUEUE:,} orders waiting "
    f"(stock: {QUEUE:,} sent quotations)",
    target="about stock's list",
    repeat=REPEAT,
)
def approver_queue(env, side):
    return queue_steps(env, side, QUEUE)
