# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""On time in full, on a known data set of five delivered lines:

=========  ========  =========  ===========  ===================
customer   order     product    on time      in full
=========  ========  =========  ===========  ===================
Azure      A1        chair      yes          yes
Azure      A2        chair      yes          no (backorder)
Azure      A2        lamp       yes          yes
Bolt       B1        chair      no (30 h)    yes
Bolt       B2        lamp       no (5 h)     no (rest cancelled)
=========  ========  =========  ===========  ===================
"""

import base64
import io
import zipfile

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import BackorderAlertsCase


@tagged("post_install", "-at_install")
class TestOtif(BackorderAlertsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["stock.otif.report"]
        cls.bolt = cls.env["res.partner"].create(
            {"name": "Bolt Retail", "email": "bolt@example.com", "is_company": True}
        )
        cls.reason = cls.env.ref("stock_backorder_alerts.delay_reason_carrier_issue")

    def setUp(self):
        super().setUp()
        chair, lamp = self.product_a, self.product_b
        self.customer.backorder_policy = "partial_backorder"
        self.bolt.backorder_policy = "partial_cancel"
        # A2's backorder reserves the 2 chairs it waits for as soon as they are in stock
        self._set_stock(chair, 5 + 3 + 2 + 2)
        self._set_stock(lamp, 2 + 1)
        self.a1 = self._deliver(self.customer, [(chair, 5)])
        self.a2 = self._deliver(self.customer, [(chair, 5), (lamp, 2)], picked=3)
        self.b1 = self._deliver(
            self.bolt, [(chair, 2)], hours_late=30, user=self.other_salesman
        )
        self.b2 = self._deliver(
            self.bolt, [(lamp, 4)], hours_late=5, user=self.other_salesman
        )
        self.env.flush_all()
        self.partners = self.customer | self.bolt

    def _deliver(self, partner, lines, hours_late=0, picked=None, user=None):
        """Confirm an order and validate its delivery with what is in stock (``picked``
        chairs at most), ``hours_late`` after its scheduled date."""
        order = self._create_order(partner=partner, lines=lines, user=user)
        delivery = order.picking_ids
        self._pick_available(delivery)
        if picked is not None:
            delivery.move_ids.filtered(
                lambda m: m.product_id == self.product_a
            ).quantity = picked
        if hours_late:
            delivery.scheduled_date = self._hours_ago(hours_late)
            delivery.delay_reason_id = self.reason
        self.assertIs(delivery.button_validate(), True)
        return order

    def _rates(self, groupby, domain=()):
        return {
            key: (round(otif, 1), round(on_time, 1), round(in_full, 1), deliveries)
            for key, otif, on_time, in_full, deliveries in self.Report._read_group(
                [("partner_id", "in", self.partners.ids), *domain],
                [groupby],
                [
                    "otif_rate:avg",
                    "on_time_rate:avg",
                    "in_full_rate:avg",
                    "delivery_count:count_distinct",
                ],
            )
        }

    def test_one_line_per_product_of_each_delivery(self):
        lines = self.Report.search([("partner_id", "in", self.partners.ids)])
        self.assertEqual(len(lines), 5)
        flags = {
            (line.sale_id, line.product_id): (line.on_time, line.in_full, line.otif)
            for line in lines
        }
        chair, lamp = self.product_a, self.product_b
        self.assertEqual(
            flags,
            {
                (self.a1, chair): (True, True, True),
                (self.a2, chair): (True, False, False),
                (self.a2, lamp): (True, True, True),
                (self.b1, chair): (False, True, False),
                (self.b2, lamp): (False, False, False),
            },
        )
        b1 = lines.filtered(lambda line: line.sale_id == self.b1)
        self.assertAlmostEqual(b1.days_late, 1.2, delta=0.1)
        self.assertEqual(b1.delay_reason_id, self.reason)
        self.assertEqual(b1.warehouse_id, self.warehouse)
        a2_chair = lines.filtered(
            lambda line: line.sale_id == self.a2 and line.product_id == chair
        )
        self.assertEqual(a2_chair.shipped_qty, 3.0)

    def test_rates_by_customer_product_warehouse_and_month(self):
        self.assertEqual(
            self._rates("partner_id"),
            {
                self.customer: (66.7, 100.0, 66.7, 2),
                self.bolt: (0.0, 0.0, 50.0, 2),
            },
        )
        self.assertEqual(
            self._rates("product_id"),
            {
                self.product_a: (33.3, 66.7, 66.7, 3),
                self.product_b: (50.0, 50.0, 50.0, 2),
            },
        )
        self.assertEqual(
            self._rates("warehouse_id"), {self.warehouse: (40.0, 60.0, 60.0, 4)}
        )
        months = self._rates("date:month")
        self.assertEqual(list(months.values()), [(40.0, 60.0, 60.0, 4)])

    def test_the_customer_form_shows_the_otif_rate(self):
        self.assertAlmostEqual(self.customer.otif_rate, 66.7, delta=0.1)
        self.assertEqual(self.customer.otif_line_count, 3)
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.bolt.id}
        )
        self.assertEqual(contact.otif_rate, 0.0)
        self.assertEqual(contact.otif_line_count, 2, "the company's figure")
        action = self.customer.action_view_otif()
        self.assertEqual(len(self.Report.search(action["domain"])), 3)

    def test_salespeople_see_the_figures_of_their_orders(self):
        mine = self.Report.with_user(self.salesman).search(
            [("partner_id", "in", self.partners.ids)]
        )
        self.assertEqual(mine.sale_id, self.a1 | self.a2)
        self.assertEqual(self.bolt.with_user(self.salesman).otif_line_count, 0)
        self.assertEqual(self.bolt.with_user(self.other_salesman).otif_line_count, 2)

    def test_late_filter_of_the_sales_orders(self):
        arch = etree.fromstring(
            self.env["sale.order"].get_view(view_type="search")["arch"]
        )
        domain = safe_eval(arch.xpath("//filter[@name='late']")[0].get("domain"))
        late = (
            self.env["sale.order"]
            .with_user(self.other_salesman)
            .search([("partner_id", "in", self.partners.ids), *domain])
        )
        self.assertEqual(late, self.b1 | self.b2, "delivered late")

    def test_xlsx_export(self):
        lines = self.Report.search([("partner_id", "in", self.partners.ids)])
        action = lines.action_export_xlsx()
        download = self.env["stock.alert.xlsx.download"].browse(
            int(action["url"].split("/")[4])
        )
        content = base64.b64decode(download.file_data)
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            strings = workbook.read("xl/sharedStrings.xml").decode()
            sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
        self.assertIn("On Time In Full", strings)
        self.assertIn("Bolt Retail", strings)
        self.assertEqual(sheet.count('t="b"'), 5 * 3, "three booleans per line")
