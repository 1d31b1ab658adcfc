# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmarks of the approvals that never stall: the follow-up job (reminders) over 10,000
waiting orders, and the To Approve counter of a substitute.

The waiting orders are SQL copies of one ORM-made order (see bench_flow._clone_queue_orders), each
with one step waiting for a director who is away: the job reminds it, and the reminder goes
to the director's substitute. The stock Odoo figure is the floor of the same reminder done
with Odoo's own calls in a loop: ``activity_schedule`` and a note per order.
BENCH_APPROVAL_ORDERS makes it smaller.
"""

import os
import time
from datetime import timedelta

from bench_flow import _clone_queue_orders, _open_queue, _waiting_queue
from benchlib import bench, count_queries, max_queries_per_batch

from odoo import Command, fields

ORDERS = int(os.environ.get("BENCH_APPROVAL_ORDERS", 10_000))
BATCH = 500


def _users(env):
    """An absent director and her substitute, an approver who is no director."""
    approver = env.ref("sale_order_flow.group_sale_approver")
    directors = env["res.groups"].create({"name": "Bench directors"})
    users = env["res.users"].with_context(no_reset_password=True)
    director = users.create(
        {
            "name": "Bench Director",
            "login": "bench_director",
            "groups_id": [Command.set((approver | directors).ids)],
        }
    )
    substitute = users.create(
        {
            "name": "Bench Substitute",
            "login": "bench_substitute",
            "groups_id": [Command.set(approver.ids)],
        }
    )
    today = fields.Date.today()
    env["sale.approval.absence"].create(
        {
            "user_id": director.id,
            "substitute_id": substitute.id,
            "date_from": today,
            "date_to": today + timedelta(days=7),
        }
    )
    return directors, substitute


def _waiting_orders(env, stock, count):
    """``count`` orders: sent quotations (stock) or waiting for the directors' tier for 30
    hours, past its 24-hour response time (ours). Return (order ids, substitute)."""
    order_ids = _clone_queue_orders(env, stock, count, "approvals")
    if stock:
        env.invalidate_all()
        return order_ids, None
    directors, substitute = _users(env)
    tier = env["sale.approval.tier"].create(
        {
            "name": "Bench directors",
            "min_amount": 0.0,
            "group_id": directors.id,
            "response_hours": 24.0,
            "escalation_group_id": env.ref("sales_team.group_sale_manager").id,
        }
    )
    now = fields.Datetime.now()
    env.cr.execute(
        """INSERT INTO sale_order_approval (order_id, company_id, tier_id, name, sequence,
                   level, round, group_id, state, is_current, date_submitted,
                   date_reminder, date_escalation, create_uid, create_date, write_date)
            SELECT id, %s, %s, 'Bench directors', 1, 1, 1, %s, 'pending', true, %s, %s,
                   %s, %s, now(), now()
              FROM unnest(%s::int[]) id""",
        [
            env.company.id,
            tier.id,
            directors.id,
            now - timedelta(hours=30),
            now - timedelta(hours=6),
            now + timedelta(hours=18),
            env.uid,
            order_ids,
        ],
    )
    env.invalidate_all()
    return order_ids, substitute


def _remind_with_odoo(env, order_ids):
    """What a reminder costs with Odoo's own calls: an activity and a note per order."""
    orders = (
        env["sale.order"]
        .with_context(mail_activity_quick_update=True)
        .browse(order_ids)
    )
    for order in orders:
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=env.uid,
            summary=f"Approve {order.name}",
        )
        order._message_log(body=f"Reminder: {order.name} waits for approval.")


@bench(
    f"approval follow-up job: ms per reminded order ({ORDERS:,} waiting)",
    unit="ms",
    target="<= 1x activity_schedule + note per order",
    max_ratio=1.0,
)
def follow_up_per_order(env, stock):
    order_ids, _substitute = _waiting_orders(env, stock, ORDERS)
    env.flush_all()
    start = time.perf_counter()
    if stock:
        _remind_with_odoo(env, order_ids)
    else:
        done = env["sale.order.approval"]._cron_approval_follow_up(batch_size=BATCH)
        assert done == ORDERS, f"{done} steps reminded, {ORDERS} expected"
    env.flush_all()
    return (time.perf_counter() - start) * 1000.0 / ORDERS


@bench(
    f"approval follow-up job: queries per batch of {BATCH} waiting orders (max over the "
    "batches)",
    unit="queries",
    target="constant over batches; stock = activity_schedule + note for one batch",
)
def follow_up_queries_per_batch(env, stock):
    order_ids, _substitute = _waiting_orders(env, stock, ORDERS)
    if stock:
        return count_queries(env, lambda: _remind_with_odoo(env, order_ids[:BATCH]))
    Approval = env["sale.order.approval"]
    now = fields.Datetime.now()
    return max_queries_per_batch(
        env,
        Approval,
        Approval._get_follow_up_domain(now),
        Approval._get_follow_up_fnames(),
        BATCH,
        lambda batch: batch._process_follow_up(now),
    )


def _substitute_queue_bench(count, other):
    def measure(env, stock):
        if stock:
            _waiting_queue(env, stock, count)
            return _open_queue(env, stock)
        _order_ids, substitute = _waiting_orders(env, stock, count)
        return _open_queue(env(user=substitute.id), stock)

    return bench(
        f"To Approve list + counter of a substitute with {count:,} orders waiting for "
        f"the absent approver (stock: {count:,} sent quotations)",
        unit="queries",
        target=f"constant (same as with {other:,} waiting)",
    )(measure)


substitute_queue_10000 = _substitute_queue_bench(ORDERS, 10)
substitute_queue_10 = _substitute_queue_bench(10, ORDERS)
