# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a load benchmark uses: a real multi-worker Odoo server, JSON-RPC clients logged in
as real users, a pool running them concurrently, and latency statistics.

Everything is local (loopback) and bounded in time: the server is started in its own process
group and killed with it when the ``with`` block ends, whatever ends it (an error, Ctrl-C,
SIGTERM); each request has a timeout.

    with start_server(config, db, port) as server:
        clients = [login(server.url, db, user, password) for user, password in users]
        result = run_clients(clients, work, duration=60)
    print(result.requests, result.errors, latency_stats(result.latencies))
"""

import collections
import contextlib
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

import odoo
from odoo import Command
from odoo.service import db as db_service
from odoo.tools import SQL

REQUEST_TIMEOUT = 150  # s, longer than Odoo's limit_time_real (120 s) and its retries
START_TIMEOUT = 120  # s for the server to answer after it was started


# -- database ---------------------------------------------------------------------------------


def duplicate_database(source, target):
    """(Re)create database ``target`` (and its filestore) as a copy of ``source``.

    This process' connections to ``source`` are closed first (PostgreSQL copies a database
    nobody is connected to); anybody else's make the copy fail rather than being cut.
    """
    drop_database(target)
    odoo.sql_db.close_db(source)
    with contextlib.closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True  # CREATE DATABASE cannot run in a transaction
        cr.execute(
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(target),
                SQL.identifier(source),
            )
        )
    filestore = odoo.tools.config.filestore(source)
    if os.path.isdir(filestore):
        shutil.copytree(filestore, odoo.tools.config.filestore(target))


def drop_database(name):
    """Drop database ``name`` and its filestore, if it exists."""
    if name in db_service.list_dbs(force=True):
        db_service.exp_drop(name)


# -- users ------------------------------------------------------------------------------------


def create_users(env, company, prefix, count, groups, password):
    """``count`` users ``load_<prefix>_NN`` of ``company`` in ``groups``, all with
    ``password`` (one hash, 600,000 rounds, about half a second, copied to the others)."""
    users = env["res.users"].create(
        [
            {
                "name": f"Load {prefix} {i:02d}",
                "login": f"load_{prefix}_{i:02d}",
                "email": f"load_{prefix}_{i:02d}@example.com",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(groups.ids)],
            }
            for i in range(count)
        ]
    )
    users[0].password = password
    env.flush_all()
    env.cr.execute(
        "UPDATE res_users SET password = (SELECT password FROM res_users WHERE id = %s) "
        "WHERE id = ANY(%s)",
        [users[0].id, users[1:].ids],
    )
    return users


# -- server -----------------------------------------------------------------------------------


def free_port():
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running Odoo server (see ``start_server``)."""

    def __init__(self, process, url, log_path):
        self.process = process
        self.url = url
        self.log_path = log_path

    def log(self):
        """The server's log so far."""
        return pathlib.Path(self.log_path).read_text(errors="replace")

    def count_retries(self):
        """Requests retried by Odoo after a concurrency error, and retries exhausted, from
        the log of ``odoo.service.model.retrying``; ``statements``: how many concurrency
        errors each statement raised (its first words, from ``odoo.sql_db``'s log)."""
        log = self.log()
        failed = re.findall(
            r"bad query: b?['\"]?((?:(?!bad query:).)*?)\nERROR: (could not serialize|"
            r"deadlock detected|canceling statement due to lock timeout)",
            log,
            flags=re.DOTALL,
        )
        return {
            "retried": len(re.findall(r"tries left, try again in", log)),
            "exhausted": len(re.findall(r"maximum number of tries reached", log)),
            "statements": collections.Counter(
                " ".join(query.replace("\\n", " ").split()).rstrip("'\"")[:60]
                for query, _error in failed
            ),
        }


@contextlib.contextmanager
def start_server(config, database, port=0, workers=4, extra_args=()):
    """Run ``odoo-bin`` on ``database`` (only) with ``workers`` HTTP workers and no cron, on
    ``127.0.0.1:port`` (0: a free port), until the block ends; yield a ``Server``.

    The retries of ``odoo.service.model`` are logged (INFO) so ``count_retries`` can tell
    how often requests met a concurrency error. Raises if the server does not answer within
    ``START_TIMEOUT`` seconds (its log is printed).
    """
    port = port or free_port()
    log_dir = tempfile.mkdtemp(prefix="sof-load-")
    log_path = os.path.join(log_dir, "odoo.log")
    command = [
        sys.executable,
        str(pathlib.Path(__file__).with_name("odoo_server.py")),
        "-c",
        config,
        "-d",
        database,
        f"--db-filter=^{re.escape(database)}$",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        f"--logfile={log_path}",
        "--log-level=warn",
        "--log-handler=odoo.service.model:INFO",
        *extra_args,
    ]
    # Own process group: the master, its workers and its gevent process go down together.
    process = subprocess.Popen(command, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    previous_sigterm = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is threading.main_thread():
        # A `kill` of the benchmark ends the block like Ctrl-C does, so the server goes too.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous_sigterm)
        shutil.rmtree(log_dir, ignore_errors=True)


def _wait_until_up(server):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            response = requests.post(
                f"{server.url}/web/webclient/version_info", json={}, timeout=5
            )
            if response.ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    print(server.log()[-5000:], file=sys.stderr)
    raise RuntimeError(f"Odoo did not answer on {server.url}")


def _stop(process):
    """SIGTERM the server's process group, SIGKILL it if it is still there after 15 s."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


# -- clients ----------------------------------------------------------------------------------


class RpcError(Exception):
    """A JSON-RPC error response, as the web client would show it to the user."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


Call = collections.namedtuple("Call", "label seconds error message")


class Client:
    """One user's web session: JSON-RPC calls as the web client makes them, each timed."""

    def __init__(self, url, database, login):
        self.url = url
        self.database = database
        self.login = login
        self.session = requests.Session()
        self.calls = []  # one Call per request
        self._ids = iter(range(1, sys.maxsize))

    def authenticate(self, password):
        """Open the session (``/web/session/authenticate``); return the user id."""
        result = self._post(
            "/web/session/authenticate",
            {"db": self.database, "login": self.login, "password": password},
        )
        return result["uid"]

    def call(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` through ``/web/dataset/call_kw``."""
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            label=f"{model}.{method}",
        )

    def _post(self, path, params, label=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(self._ids),
        }
        start = time.perf_counter()
        error = None
        try:
            response = self.session.post(
                self.url + path, json=payload, timeout=REQUEST_TIMEOUT
            )
            response.raise_for_status()
            body = response.json()
            if "error" in body:
                data = body["error"].get("data") or {}
                error = RpcError(
                    data.get("name", "error"),
                    data.get("message", body["error"].get("message")),
                )
        except (requests.RequestException, ValueError) as exc:
            error = RpcError(type(exc).__name__, str(exc))
        if label:
            self.calls.append(
                Call(
                    label,
                    time.perf_counter() - start,
                    error and error.name,
                    error and error.message,
                )
            )
        if error:
            raise error
        return body["result"]


def login(url, database, user_login, password):
    """A ``Client`` with an open session for ``user_login``."""
    client = Client(url, database, user_login)
    client.authenticate(password)
    return client


# -- pool -------------------------------------------------------------------------------------


class PoolResult:
    """What ``run_clients`` measured: every request of every client, and the iterations of
    ``work`` that ended without an error."""

    def __init__(self, clients, iterations, elapsed):
        self.calls = [call for client in clients for call in client.calls]
        self.elapsed = elapsed
        self.iterations = iterations
        self.requests = len(self.calls)
        self.latencies = [call.seconds for call in self.calls]
        # (model.method, error name): how many, and one message of each
        self.errors = collections.Counter(
            (c.label, c.error) for c in self.calls if c.error
        )
        self.error_examples = {
            (c.label, c.error): c.message for c in self.calls if c.error
        }

    def latencies_of(self, label):
        """Latencies (seconds) of the requests labelled ``label`` (``model.method``)."""
        return [call.seconds for call in self.calls if call.label == label]


def run_clients(
    clients, work, duration=None, iterations=None, barrier=False, think=0.0
):
    """Run ``work(client)`` in one thread per client, concurrently, again and again until
    ``duration`` seconds have passed (an iteration under way finishes), or ``iterations``
    times per client, pausing ``think`` seconds between two iterations of a client. An
    ``RpcError`` ends the iteration (it is counted with the request) and the client goes
    on. With ``barrier`` (and ``iterations``), the clients start each iteration together.

    The clients' ``calls`` are reset first. Returns a ``PoolResult``.
    """
    if duration is None and iterations is None:
        raise ValueError("run_clients needs a duration or a number of iterations")
    if barrier and (duration is not None or iterations is None):
        raise ValueError("a barrier needs a number of iterations (and no duration)")
    for client in clients:
        client.calls = []
    sync = threading.Barrier(len(clients)) if barrier else None
    done = collections.Counter()
    unexpected = []
    start = time.monotonic()
    deadline = start + duration if duration is not None else None

    def loop(client):
        count = 0
        while (iterations is None or count < iterations) and (
            deadline is None or time.monotonic() < deadline
        ):
            if count and think:
                time.sleep(think)
            count += 1
            if sync:
                sync.wait(REQUEST_TIMEOUT)
            try:
                work(client)
                done[client.login] += 1
            except RpcError:
                continue
            except Exception as exc:  # a bug of the benchmark: stop and report it
                unexpected.append(exc)
                if sync:
                    sync.abort()
                return

    threads = [
        threading.Thread(target=loop, args=(client,), daemon=True) for client in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if unexpected:
        raise unexpected[0]
    return PoolResult(clients, sum(done.values()), time.monotonic() - start)


def latency_stats(latencies):
    """``{"p50": ms, "p95": ms, "max": ms}`` of ``latencies`` (seconds)."""
    if not latencies:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(latencies)

    def percentile(p):
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000.0

    return {"p50": percentile(0.5), "p95": percentile(0.95), "max": ordered[-1] * 1000}
