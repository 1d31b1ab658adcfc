# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two Odoo nodes on one database, as a cluster runs them in production.

Two real ``odoo-bin`` servers in prefork mode (2 HTTP workers and a cron worker each, own
ports) serve one database and one filestore (a fresh database with our addons, made here and
dropped afterwards), and users work on both over JSON-RPC:

- an approval tier changed through node A is used by the next confirmation node B serves,
  though node B's workers had the old tiers in their cache;
- a company setting changed through node A is used by node B at once;
- twelve users, six on each node, confirm at the same instant orders of one customer whose
  credit limit fits three: exactly three are confirmed, nine held, nobody sees an error;
- the delay alert job and the approval follow-up job (reminders), due while users confirm
  orders on both nodes, run in one node's cron worker: each late delivery gets its alerts
  once and each waiting step its reminder once, although both nodes' cron workers woke up.
"""

import os
import subprocess
import sys
import threading
import time
import unittest
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, fields
from odoo.addons.stock_backorder_alerts.tests.common import delivery_vals
from odoo.api import Environment
from odoo.modules.registry import Registry
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "bench"))

from loadlib import drop_database, login, run_clients, start_server  # noqa: E402

ADDONS = "sale_order_flow,sale_credit_guard,stock_backorder_alerts"
PASSWORD = "cluster-test"
PRICE = 100.0
RACERS_PER_NODE = 6
RACE_FITS = 3
LATE_PICKINGS = 12
REMINDED_ORDERS = 6


class TestTwoNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = f"{config['db_name'] or 'sof_test'}_cluster"
        # A database of its own, with our addons, made the way `make test` makes its own.
        subprocess.run(
            [
                "bash",
                str(REPO / "setup" / "odoo_db.sh"),
                cls.database,
                "nodemo",
                ADDONS,
            ],
            check=True,
            env={**os.environ, "ODOO_LOG_LEVEL": "error"},
        )
        cls.addClassCleanup(drop_database, cls.database)
        cls.addClassCleanup(Registry.delete, cls.database)
        # This process runs under the test runner (test_enable): load the cluster database's
        # registry as a server would, without looking for tests to run in it.
        with patch.dict(config.options, {"test_enable": False}):
            cls.registry = Registry(cls.database)
        with cls.registry.cursor() as cr:
            cls.data = cls._prepare(Environment(cr, SUPERUSER_ID, {}))
        conf = config.rcfile
        # Both nodes have a cron worker: Odoo's job locking must make one of them run it.
        cron = ("--max-cron-threads=1",)
        cls.node_a = cls.enterClassContext(
            start_server(conf, cls.database, workers=2, extra_args=cron)
        )
        cls.node_b = cls.enterClassContext(
            start_server(conf, cls.database, workers=2, extra_args=cron)
        )
        # Every user logged in on both nodes, at once (each login hashes a password).
        cls.clients = {}
        logins = [
            (node, name)
            for node in (cls.node_a, cls.node_b)
            for name in (*cls.data["sales"], cls.data["admin"])
        ]

        def log_in(node, name):
            cls.clients[node.url, name] = login(node.url, cls.database, name, PASSWORD)

        threads = [threading.Thread(target=log_in, args=key) for key in logins]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(cls.clients) != len(logins):
            raise RuntimeError("a user of the cluster test could not log in")

    @classmethod
    def _prepare(cls, env):
        company = env.ref("base.main_company")
        company.write({"account_use_credit_limit": True, "credit_hold_orders": True})
        customer = env["res.partner"].create(
            {"name": "Cluster Customer", "is_company": True, "credit_limit": 1e9}
        )
        product = env["product.product"].create(
            {
                "name": "Cluster item",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": PRICE,
                "standard_price": PRICE / 2,
                "taxes_id": [Command.clear()],
            }
        )
        sales = env.ref("sales_team.group_sale_salesman") | env.ref("base.group_user")
        admin_groups = env.ref("sales_team.group_sale_manager") | env.ref(
            "base.group_system"
        )
        users = env["res.users"].create(
            [
                {
                    "name": f"Cluster Salesperson {i:02d}",
                    "login": f"cluster_sales_{i:02d}",
                    "email": f"cluster_sales_{i:02d}@example.com",
                    "groups_id": [Command.set(sales.ids)],
                }
                for i in range(2 * RACERS_PER_NODE)
            ]
            + [
                {
                    "name": "Cluster Administrator",
                    "login": "cluster_admin",
                    "email": "cluster_admin@example.com",
                    "groups_id": [Command.set((sales | admin_groups).ids)],
                }
            ]
        )
        # One password hash for all (hashing takes half a second each).
        users[0].password = PASSWORD
        env.flush_all()
        env.cr.execute(
            "UPDATE res_users SET password = (SELECT password FROM res_users WHERE id = %s)"
            " WHERE id = ANY(%s)",
            [users[0].id, users[1:].ids],
        )
        tier = env["sale.approval.tier"].create(
            {
                "name": "Cluster tier",
                "company_id": company.id,
                "min_amount": 10 * PRICE,
                "group_id": env.ref("sales_team.group_sale_manager").id,
            }
        )
        return {
            "company_id": company.id,
            "customer_id": customer.id,
            "product_id": product.id,
            "tier_id": tier.id,
            "sales": users[:-1].mapped("login"),
            "admin": users[-1].login,
        }

    # -- helpers ----------------------------------------------------------------------------

    def _client(self, node, user_login):
        return self.clients[node.url, user_login]

    def _order(self, client, qty, partner_id=None):
        return client.call(
            "sale.order",
            "create",
            {
                "partner_id": partner_id or self.data["customer_id"],
                "order_line": [
                    Command.create(
                        {"product_id": self.data["product_id"], "product_uom_qty": qty}
                    )
                ],
            },
        )

    def _states(self, order_ids):
        with self.registry.cursor() as cr:
            env = Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids)
            return {o.id: (o.state, o.credit_hold) for o in orders}

    # -- tests ------------------------------------------------------------------------------

    def test_a_tier_changed_on_one_node_is_used_by_the_other(self):
        admin = self._client(self.node_a, self.data["admin"])
        sellers = [self._client(self.node_b, name) for name in self.data["sales"][:4]]
        # Node B's workers read the tiers (and cache them) while 5 units stay below them.
        warm = [self._order(seller, 5) for seller in sellers]
        run_clients(
            sellers,
            lambda c: c.call("sale.order", "action_confirm", [warm[sellers.index(c)]]),
            iterations=1,
            barrier=True,
        )
        self.assertEqual({s for s, _h in self._states(warm).values()}, {"sale"})

        tier = [self.data["tier_id"]]
        admin.call("sale.approval.tier", "write", tier, {"min_amount": 1})
        self.addCleanup(
            admin.call, "sale.approval.tier", "write", tier, {"min_amount": 10 * PRICE}
        )
        after = [self._order(seller, 5) for seller in sellers]
        run_clients(
            sellers,
            lambda c: c.call("sale.order", "action_confirm", [after[sellers.index(c)]]),
            iterations=1,
            barrier=True,
        )
        self.assertEqual(
            {s for s, _h in self._states(after).values()},
            {"to_approve"},
            "every worker of node B submits the order to the tier lowered on node A",
        )

    def test_a_setting_changed_on_one_node_is_used_by_the_other(self):
        admin = self._client(self.node_a, self.data["admin"])
        seller = self._client(self.node_b, self.data["sales"][5])
        admin.call(
            "res.company",
            "write",
            [self.data["company_id"]],
            {"sale_check_below_cost": True},
        )
        self.addCleanup(
            admin.call,
            "res.company",
            "write",
            [self.data["company_id"]],
            {"sale_check_below_cost": False},
        )
        order_id = self._order(seller, 1)
        seller.call(
            "sale.order.line",
            "write",
            seller.call("sale.order", "read", [order_id], ["order_line"])[0][
                "order_line"
            ],
            {"price_unit": PRICE / 10},
        )
        seller.call("sale.order", "action_confirm", [order_id])
        self.assertEqual(
            self._states([order_id])[order_id][0],
            "to_approve",
            "below cost, turned on through node A, sends the order to approval on node B",
        )

    def test_credit_checks_of_one_customer_stay_serialized_across_nodes(self):
        with self.registry.cursor() as cr:
            env = Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {
                    "name": "Cluster Race Customer",
                    "is_company": True,
                    "credit_limit": RACE_FITS * PRICE,
                }
            )
            customer_id = customer.id
        clients = [
            self._client(node, name)
            for node, names in (
                (self.node_a, self.data["sales"][:RACERS_PER_NODE]),
                (self.node_b, self.data["sales"][RACERS_PER_NODE:]),
            )
            for name in names
        ]
        orders = {c.login: self._order(c, 1, partner_id=customer_id) for c in clients}
        result = run_clients(
            clients,
            lambda c: c.call("sale.order", "action_confirm", [orders[c.login]]),
            iterations=1,
            barrier=True,
        )
        self.assertFalse(result.errors, "nobody sees an error")
        states = list(self._states(list(orders.values())).values())
        self.assertEqual(states.count(("sale", False)), RACE_FITS)
        self.assertEqual(states.count(("draft", True)), len(clients) - RACE_FITS)

    def test_the_jobs_run_once_while_users_work_on_both_nodes(self):
        """The delay alert job and the approval follow-up job, due together, run in one
        node's cron worker each time although both nodes' cron workers wake up."""
        with self.registry.cursor() as cr:
            env = Environment(cr, SUPERUSER_ID, {})
            picking_ids = self._make_late_pickings(env)
            step_ids = self._make_steps_due_for_a_reminder(env)
            crons = env.ref("stock_backorder_alerts.ir_cron_delay_alerts") | env.ref(
                "sale_order_flow.ir_cron_approval_follow_up"
            )
            cron_ids = crons.ids
            for cron in crons:  # both nodes' cron workers wake up (NOTIFY cron_trigger)
                cron._trigger()

        def done(cr):
            alerted, reminded = self._count_jobs_done(cr, picking_ids, step_ids)
            # Every wake-up call consumed and no run under way: a second run, if any,
            # has finished too.
            cr.execute(
                "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = ANY(%s)",
                [cron_ids],
            )
            pending = cr.fetchone()[0]
            cr.execute(
                "SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED",
                [cron_ids],
            )
            idle = len(cr.fetchall()) == len(cron_ids)
            self._last_state = {
                "alerted": alerted,
                "reminded": reminded,
                "pending": pending,
                "idle": idle,
            }
            return (
                alerted == LATE_PICKINGS
                and reminded == len(step_ids)
                and not pending
                and idle
            )

        self._work_on_both_nodes_until(done)

        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT a.res_model, a.res_id, a.user_id, a.activity_type_id, a.summary,
                       count(*)
                  FROM mail_activity a
                 WHERE (a.res_model = 'stock.picking' AND a.res_id = ANY(%s))
                    OR (a.res_model = 'sale.order' AND a.res_id IN (
                            SELECT order_id FROM sale_order_approval WHERE id = ANY(%s)))
              GROUP BY 1, 2, 3, 4, 5
                """,
                [picking_ids, step_ids],
            )
            rows = cr.fetchall()
            alerted, reminded = self._count_jobs_done(cr, picking_ids, step_ids)
            cr.execute(
                "SELECT DISTINCT order_id FROM sale_order_approval WHERE id = ANY(%s)",
                [step_ids],
            )
            order_ids = {row[0] for row in cr.fetchall()}
        self.assertEqual(alerted, LATE_PICKINGS, "every late delivery was alerted")
        self.assertEqual(reminded, len(step_ids), "every waiting step was reminded")
        self.assertEqual(
            {res_id for model, res_id, *_rest in rows if model == "stock.picking"},
            set(picking_ids),
            "each late delivery has its delay activities",
        )
        self.assertEqual(
            {res_id for model, res_id, *_rest in rows if model == "sale.order"},
            order_ids,
            "each reminded order has its approvers' activities",
        )
        self.assertEqual(
            [row for row in rows if row[-1] > 1], [], "no activity was given twice"
        )

    @staticmethod
    def _count_jobs_done(cr, picking_ids, step_ids):
        """(late deliveries alerted, waiting steps reminded) among the given ones."""
        cr.execute(
            "SELECT count(*) FROM stock_picking WHERE id = ANY(%s) AND delay_level > 0",
            [picking_ids],
        )
        alerted = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM sale_order_approval"
            " WHERE id = ANY(%s) AND reminded_at IS NOT NULL",
            [step_ids],
        )
        return alerted, cr.fetchone()[0]

    def _make_late_pickings(self, env):
        """``LATE_PICKINGS`` confirmed deliveries, 30 hours late (two delay levels)."""
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", self.data["company_id"])], limit=1
        )
        product = env["product.product"].browse(self.data["product_id"])
        pickings = env["stock.picking"].create(
            [
                delivery_vals(
                    warehouse,
                    env["res.partner"].browse(self.data["customer_id"]),
                    product,
                    user=env.ref("base.user_admin"),
                )
                for _i in range(LATE_PICKINGS)
            ]
        )
        pickings.action_confirm()
        pickings.scheduled_date = fields.Datetime.now() - timedelta(hours=30)
        return pickings.ids

    def _make_steps_due_for_a_reminder(self, env):
        """Orders waiting for a tier with a response time of one hour, submitted two hours
        ago: their steps are due for a reminder. Returns the steps' ids."""
        tier = env["sale.approval.tier"].create(
            {
                "name": "Cluster reminder tier",
                "sequence": 1,  # the first level: its steps wait now
                "company_id": self.data["company_id"],
                "min_amount": 1000 * PRICE,
                "response_hours": 1,
                "group_id": env.ref("sales_team.group_sale_manager").id,
            }
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": self.data["customer_id"],
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.data["product_id"],
                                "product_uom_qty": 1000,
                            }
                        )
                    ],
                }
                for _i in range(REMINDED_ORDERS)
            ]
        )
        orders.action_confirm()
        steps = orders.approval_ids.filtered(lambda step: step.tier_id == tier)
        self.assertEqual(len(steps), REMINDED_ORDERS)
        steps.write({"date_submitted": fields.Datetime.now() - timedelta(hours=2)})
        tier.active = False  # the other tests' orders stay below it
        return steps.ids

    def _work_on_both_nodes_until(self, done):
        """Salespeople create and confirm orders on both nodes until ``done(cr)`` is true
        (at most three minutes: the scheduler's own wake-up period is one)."""
        sellers = [
            self._client(node, name)
            for node, name in (
                (self.node_a, self.data["sales"][6]),
                (self.node_b, self.data["sales"][7]),
            )
        ]
        stop = threading.Event()

        def work(client):
            while not stop.is_set():
                order_id = self._order(client, 1)
                client.call("sale.order", "action_confirm", [order_id])

        threads = [threading.Thread(target=work, args=(c,)) for c in sellers]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                with self.registry.cursor() as cr:
                    if done(cr):
                        break
                time.sleep(1)
            else:
                self.fail(
                    "the jobs did not run in either node's cron worker: "
                    f"{getattr(self, '_last_state', None)}"
                )
        finally:
            stop.set()
            for thread in threads:
                thread.join()
