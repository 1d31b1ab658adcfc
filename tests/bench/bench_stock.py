# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmarks of stock_backorder_alerts: the late transfer alert job.

At the spec's size, 100,000 open deliveries of which 20,000 are late (about four minutes for
both databases; BENCH_PICKINGS and BENCH_LATE make it smaller); the pickings are copied from
one ORM-made delivery by a single INSERT ... SELECT. Each late delivery
gets one activity (a level 1 rule alerting the responsible). The stock Odoo figure is the floor
of creating the same activities with ``activity_schedule`` in a loop (without the "assigned"
notification email, as the job does).
"""

import os
import time
from datetime import timedelta

from benchlib import bench, count_queries, max_queries_per_batch

from odoo import Command, fields
from odoo.addons.stock_backorder_alerts.tests.common import delivery_vals

# A quicker run: BENCH_PICKINGS=10000 BENCH_LATE=2000 make bench ONLY="delay alert"
TOTAL = int(os.environ.get("BENCH_PICKINGS", 100_000))
LATE = int(os.environ.get("BENCH_LATE", 20_000))
BATCH = 500


def _make_deliveries(env):
    """Create TOTAL open deliveries, the first LATE of them 25 hours late; return (late ids,
    responsible user)."""
    user = env["res.users"].create(
        {
            "name": "Bench Clerk",
            "login": "bench_stock_clerk",
            "email": "bench.clerk@example.com",
            "groups_id": [Command.link(env.ref("stock.group_stock_user").id)],
        }
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    product = env["product.product"].create(
        {"name": "Bench product", "is_storable": True}
    )
    partner = env["res.partner"].create({"name": "Bench customer"})
    template = env["stock.picking"].create(
        delivery_vals(warehouse, partner, product, user=user)
    )
    template.action_confirm()
    env.flush_all()
    env.cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'stock_picking' AND column_name NOT IN ('id', 'name', 'scheduled_date')"""
    )
    columns = [row[0] for row in env.cr.fetchall()]
    column_list = ", ".join(f'"{c}"' for c in columns)
    now = fields.Datetime.now()
    env.cr.execute(
        f"""INSERT INTO stock_picking ({column_list}, "name", "scheduled_date")
            SELECT {column_list}, name || '-' || g,
                   CASE WHEN g <= %s THEN %s ELSE %s END
              FROM stock_picking, generate_series(1, %s) g
             WHERE id = %s
             ORDER BY g
         RETURNING id""",
        (LATE, now - timedelta(hours=25), now + timedelta(days=2), TOTAL, template.id),
    )
    ids = sorted(row[0] for row in env.cr.fetchall())
    # the template itself is on time
    template.scheduled_date = now + timedelta(days=2)
    env.flush_all()
    env.invalidate_all()
    return ids[:LATE], user


def _use_one_rule(env):
    env["stock.delay.rule"].search([]).active = False
    return env["stock.delay.rule"].create(
        {
            "name": "Bench level 1",
            "grace_hours": 1,
            "level": 1,
            "notify_responsible": True,
        }
    )


def _schedule_with_odoo(env, late_ids, user):
    pickings = (
        env["stock.picking"]
        .with_context(mail_activity_quick_update=True)
        .browse(late_ids)
    )
    for picking in pickings:
        picking.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=f"Late (level 1): {picking.name}",
        )


@bench(
    f"delay alert job: ms per alerted picking ({TOTAL} open, {LATE} late)",
    unit="ms",
    target="<= 2x activity_schedule",
    max_ratio=2.0,
)
def delay_alerts_per_picking(env, stock):
    late_ids, user = _make_deliveries(env)
    env.flush_all()
    env.invalidate_all()
    activities_before = env["mail.activity"].search_count(
        [("res_model", "=", "stock.picking")]
    )
    t0 = time.perf_counter()
    if stock:
        _schedule_with_odoo(env, late_ids, user)
    else:
        _use_one_rule(env)
        # called directly, the job leaves the transaction to its caller (no commit)
        env["stock.picking"]._cron_delay_alerts(batch_size=BATCH)
    env.flush_all()
    elapsed = (time.perf_counter() - t0) * 1000.0
    created = (
        env["mail.activity"].search_count([("res_model", "=", "stock.picking")])
        - activities_before
    )
    assert created == LATE, f"{created} activities created, {LATE} expected"
    return elapsed / LATE


@bench(
    f"delay alert job: queries per batch of {BATCH} late pickings (max over the batches)",
    unit="queries",
    target="constant over batches; stock = activity_schedule for one batch",
)
def delay_alerts_queries_per_batch(env, stock):
    late_ids, user = _make_deliveries(env)
    if stock:
        return count_queries(
            env, lambda: _schedule_with_odoo(env, late_ids[:BATCH], user)
        )
    rules = _use_one_rule(env)
    Picking = env["stock.picking"]
    now = fields.Datetime.now()
    return max_queries_per_batch(
        env,
        Picking,
        Picking._get_delay_alert_domain(rules, now),
        Picking._get_delay_alert_fnames(),
        BATCH,
        lambda batch: batch._process_delay_alerts(rules, now),
    )
