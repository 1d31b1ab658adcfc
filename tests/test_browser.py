# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The web client in a real headless Chromium, as the users click through it.

A salesperson creates and submits an order, an approver approves it from "To Approve" (on a
desktop and on a phone), a credit controller releases a hold. Screens worth showing are saved
to .sof/screenshots/, or to docs/screenshots/ (the README shows them) with
SOF_SCREENSHOTS=docs/screenshots.
"""

import base64
import os
import pathlib
import shutil
from datetime import timedelta

from o2c_common import OrderToCashCase

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

REPO = pathlib.Path(__file__).resolve().parent.parent
# Where the screens are saved: .sof/screenshots/ (not tracked), or docs/screenshots/ to
# refresh the README's pictures: SOF_SCREENSHOTS=docs/screenshots make test
SCREENSHOTS = REPO / os.environ.get("SOF_SCREENSHOTS", ".sof/screenshots")
PHONE = "390x844"


@tagged("post_install", "-at_install")
class TestBrowser(OrderToCashCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Users who log into the web client need a password and a home action.
        for user in (cls.salesperson, cls.approver, cls.controller):
            user.password = user.login
        cls.tour_customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour@example.com"}
        )
        cls.held_customer = cls.env["res.partner"].create(
            {
                "name": "Tour Held Customer",
                "use_partner_credit_limit": True,
                "credit_limit": 100.0,
            }
        )
        cls.env["product.product"].create(
            {
                "name": "Tour Cabinet",
                "type": "consu",
                "list_price": 100.0,
                "standard_price": 50.0,
                "taxes_id": [Command.clear()],
            }
        )

    def test_chromium_is_installed(self):
        # Odoo skips browser tests when no Chromium is found: make that a failure here.
        self.assertTrue(
            shutil.which("chromium") or shutil.which("google-chrome"),
            "Chromium is missing: run setup/bootstrap.sh (it installs Debian's chromium)",
        )

    # -- helpers -------------------------------------------------------------------------------

    def _submitted_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.tour_customer.id,
                "user_id": self.salesperson.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 20}
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "to_approve")
        return order

    def screenshot(self, name, url, ready, login, size="1366x768"):
        """Open ``url`` as ``login`` in Chromium, wait until the JS expression ``ready`` is
        true, and save the page as SCREENSHOTS/<name>.png."""
        self.browser_size = size
        self.touch_enabled = size == PHONE
        browser = ChromeBrowser(self)
        try:
            self.authenticate(login, login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(self.base_url() + url, wait_stop=True)
            self.assertTrue(browser._wait_ready(ready, timeout=60), f"{name}: {ready}")
            shot = browser._websocket_send("Page.captureScreenshot", with_future=True)
            data = base64.b64decode(shot.result(timeout=30)["data"])
        finally:
            browser.stop()
            self._wait_remaining_requests()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(data)
        self.assertGreater(len(data), 10000, "a real picture, not a blank page")

    # -- the tours -----------------------------------------------------------------------------

    def test_salesperson_submits_an_order(self):
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sale_order_flow_submit",
            login=self.salesperson.login,
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.tour_customer.id)]
        )
        self.assertEqual(order.state, "to_approve")
        self.assertEqual(order.approval_ids.tier_id, self.tier_1)
        self.screenshot(
            "order_waiting_approval",
            f"/odoo/sales/{order.id}",
            "!!document.querySelector('.o_sale_review_panel[data-outcome=wait]')",
            self.salesperson.login,
        )

    def test_approver_approves_from_to_approve(self):
        order = self._submitted_order()
        self.screenshot(
            "to_approve_list",
            "/odoo/action-sale_order_flow.sale_order_action_to_approve",
            "!!document.querySelector('.o_data_row')",
            self.approver.login,
        )
        self.start_tour(
            "/odoo/action-sale_order_flow.sale_order_action_to_approve",
            "sale_order_flow_approve",
            login=self.approver.login,
        )
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.locked)
        self.assertEqual(order.approval_ids.user_id, self.approver)

    def test_approver_approves_on_a_phone(self):
        order = self._submitted_order()
        self.screenshot(
            "to_approve_phone",
            "/odoo/action-sale_order_flow.sale_order_action_to_approve",
            "!!document.querySelector('.o_kanban_record button[name=action_open_approve_wizard]')",
            self.approver.login,
            size=PHONE,
        )
        self.browser_size = PHONE
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-sale_order_flow.sale_order_action_to_approve",
            "sale_order_flow_approve_phone",
            login=self.approver.login,
        )
        self.assertEqual(order.state, "sale")

    def _short_quotation(self, name):
        """A quotation of the salesperson for 5 of a new product ``name``, 3 in stock, in a
        company that checks stock."""
        self.company.sale_stock_check = "warn"
        product = self.env["product.product"].create(
            {"name": name, "type": "consu", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, 3.0
        )
        return self.env["sale.order"].create(
            {
                "partner_id": self.tour_customer.id,
                "user_id": self.salesperson.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )

    def _salesperson_phone_tour(self, order, tour):
        self.browser_size = PHONE
        self.touch_enabled = True
        self.start_tour(f"/odoo/sales/{order.id}", tour, login=self.salesperson.login)

    def test_salesperson_solves_a_shortage_on_a_phone(self):
        order = self._short_quotation("Tour Widget")
        self._salesperson_phone_tour(order, "sale_order_flow_shortage_phone")
        self.assertEqual(order.order_line.product_uom_qty, 3.0)
        self.assertTrue(
            any(
                "Reduce to what is available" in message.body
                for message in order.message_ids
            )
        )

    def test_salesperson_delivers_the_rest_later_on_a_phone(self):
        order = self._short_quotation("Tour Gadget")
        gadget = order.order_line.product_id
        stock = self.warehouse.lot_stock_id
        # 10 more expected in a week: the date offered for the rest.
        suppliers = self.env.ref("stock.stock_location_suppliers")
        arrival = fields.Datetime.now().replace(microsecond=0) + timedelta(days=7)
        self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": suppliers.id,
                "location_dest_id": stock.id,
                "scheduled_date": arrival,
                "move_ids": [
                    Command.create(
                        {
                            "name": gadget.name,
                            "product_id": gadget.id,
                            "product_uom_qty": 10,
                            "product_uom": gadget.uom_id.id,
                            "location_id": suppliers.id,
                            "location_dest_id": stock.id,
                        }
                    )
                ],
            }
        ).action_confirm()
        self._salesperson_phone_tour(order, "sale_order_flow_shortage_later_phone")
        self.assertEqual(
            [
                (line.product_uom_qty, line.delivery_date)
                for line in order.order_line.sorted("sequence")
            ],
            [(3.0, False), (2.0, arrival)],
        )
        self.assertFalse(order.has_stock_shortage)

    def test_review_panel_and_cards_on_a_phone(self):
        order = self._submitted_order()
        # The panel fits the phone's width: nothing scrolls sideways.
        self.screenshot(
            "order_panel_phone",
            f"/odoo/sales/{order.id}",
            "!!document.querySelector('.o_sale_review_panel[data-outcome=wait]')"
            " && document.documentElement.scrollWidth <= window.innerWidth",
            self.salesperson.login,
            size=PHONE,
        )
        # The quotation cards say where each review stands.
        self.screenshot(
            "quotations_phone",
            "/odoo/action-sale.action_quotations_with_onboarding",
            "[...document.querySelectorAll('.o_kanban_record .o_sale_review_brief')]"
            ".some((e) => e.textContent.includes('Waiting for Sales approval'))",
            self.salesperson.login,
            size=PHONE,
        )

    def test_credit_controller_releases_a_hold(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.held_customer.id,
                "user_id": self.salesperson.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 5}
                    )
                ],
            }
        )
        order.with_user(self.salesperson).action_confirm()
        self.assertTrue(order.credit_hold)
        self.screenshot(
            "credit_hold",
            f"/odoo/sales/{order.id}",
            "!!document.querySelector('.o_sale_review_panel[data-outcome=hold]')",
            self.controller.login,
        )
        self.start_tour(
            "/odoo/action-sale_credit_guard.action_sale_order_credit_hold",
            "sale_credit_guard_release",
            login=self.controller.login,
        )
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.credit_release_user_id, self.controller)
        self.assertIn("wire", order.credit_release_note)
