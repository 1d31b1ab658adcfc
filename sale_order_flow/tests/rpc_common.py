# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import xmlrpc.client

ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR


class RpcCaseMixin:
    """Calls over XML-RPC against the test server, logged in as a real user; mix into an
    ``HttpCase``. Users are made with ``new_test_user``, whose password is the login."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC, logged in as ``user``."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id, f"{user.login} logs in")
        return self.xmlrpc_object.execute_kw(
            db, uid, user.login, model, method, list(args), kwargs
        )

    def assertRpcAccessError(self, user, model, method, *args, **kwargs):
        """The call is refused to ``user`` with an access error (XML-RPC fault 4)."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(
            caught.exception.faultCode,
            ACCESS_ERROR,
            f"{user.login} {model}.{method}: {caught.exception.faultString[:300]}",
        )
