# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import Form, tagged

from .common import CreditGuardCommon


@tagged("post_install", "-at_install")
class TestCreditExposure(CreditGuardCommon):
    def test_exposure_parts_from_real_documents(self):
        self._create_invoice(300.0)
        self._create_invoice(100.0, move_type="out_refund")
        self._create_invoice(200.0, post=False)
        # A draft credit note lowers nothing until it is posted.
        self._create_invoice(50.0, post=False, move_type="out_refund")
        self._create_order(qty=4, confirm=True)
        self._create_order(qty=9)  # a quotation is no exposure
        self.assertEqual(
            self._exposure(),
            {
                "receivable": 200.0,
                "invoices_draft": 200.0,
                "orders": 400.0,
                "total": 800.0,
            },
        )
        self.assertEqual(self.customer.credit_available, 200.0)

    def test_contact_shares_the_company_exposure(self):
        self._create_invoice(300.0, partner=self.contact)
        self._create_order(partner=self.contact, qty=2, confirm=True)
        self.assertEqual(self._exposure(self.customer)["total"], 500.0)
        self.assertEqual(self._exposure(self.contact)["total"], 500.0)

    def test_register_payment_lowers_exposure_at_once(self):
        invoice = self._create_invoice(300.0)
        self.assertEqual(self._exposure()["receivable"], 300.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 120.0})._create_payments()
        self.assertEqual(self._exposure()["receivable"], 180.0)

    def test_unreconciled_payment_lowers_exposure(self):
        self._create_invoice(300.0)
        self.init_payment(50.0, post=True, partner=self.customer)
        self.assertEqual(self._exposure()["receivable"], 250.0)

    def test_invoiced_order_moves_from_orders_to_invoices(self):
        order = self._create_order(qty=4, confirm=True)
        invoice = order._create_invoices()
        self.assertEqual(
            self._exposure(),
            {"receivable": 0.0, "invoices_draft": 400.0, "orders": 0.0, "total": 400.0},
        )
        invoice.action_post()
        self.assertEqual(
            self._exposure(),
            {"receivable": 400.0, "invoices_draft": 0.0, "orders": 0.0, "total": 400.0},
        )

    def test_uninvoiced_part_of_an_order_follows_its_invoices(self):
        # The part stored on the order (what the exposure adds up) is recomputed by
        # whatever changes it: confirmation, invoices, their state, the company's rule.
        order = self._create_order(qty=4)
        self.assertEqual(order.credit_uninvoiced_amount, 0.0)  # a quotation
        order.action_confirm()
        self.assertEqual(order.credit_uninvoiced_amount, 400.0)
        invoice = order._create_invoices()
        self.assertEqual(order.credit_uninvoiced_amount, 0.0)  # drafts count
        self.company.credit_include_draft_invoices = False
        self.assertEqual(order.credit_uninvoiced_amount, 400.0)
        self.assertEqual(self._exposure()["orders"], 400.0)
        invoice.invoice_line_ids.quantity = 1
        invoice.action_post()
        self.assertEqual(order.credit_uninvoiced_amount, 300.0)
        self.assertEqual(
            self._exposure(),
            {
                "receivable": 100.0,
                "invoices_draft": 0.0,
                "orders": 300.0,
                "total": 400.0,
            },
        )
        refund = invoice._reverse_moves()
        refund.action_post()
        self.assertEqual(order.credit_uninvoiced_amount, 400.0)
        self.assertEqual(self._exposure()["orders"], 400.0)
        # A draft invoice counted, then deleted: the order counts in full again.
        self.company.credit_include_draft_invoices = True
        draft = order._create_invoices()
        self.assertEqual(order.credit_uninvoiced_amount, 0.0)
        draft.unlink()
        self.assertEqual(order.credit_uninvoiced_amount, 400.0)
        order._action_cancel()
        self.assertEqual(order.credit_uninvoiced_amount, 0.0)
        self.assertEqual(self._exposure()["orders"], 0.0)

    def test_draft_invoice_of_order_counts_as_order_when_drafts_excluded(self):
        self.company.credit_include_draft_invoices = False
        order = self._create_order(qty=4, confirm=True)
        order._create_invoices()
        self._create_invoice(70.0, post=False)  # not counted at all
        self.assertEqual(
            self._exposure(),
            {"receivable": 0.0, "invoices_draft": 0.0, "orders": 400.0, "total": 400.0},
        )

    def test_partial_invoice_counts_the_rest_of_the_order_with_taxes(self):
        tax = self.env["account.tax"].create({"name": "Tax 10%", "amount": 10.0})
        order = self._create_order(qty=4, confirm=False)
        order.order_line.tax_id = tax
        self.company.account_use_credit_limit = False
        order.action_confirm()
        self.company.account_use_credit_limit = True
        self.assertEqual(self._exposure()["orders"], 440.0)
        order.order_line.qty_delivered = 1  # service: invoice one unit
        invoice = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "delivered"})
            ._create_invoices(order)
        )
        invoice.invoice_line_ids.quantity = 1
        invoice.action_post()
        self.assertEqual(
            self._exposure(),
            {
                "receivable": 110.0,
                "invoices_draft": 0.0,
                "orders": 330.0,
                "total": 440.0,
            },
        )

    def test_down_payment_is_not_counted_twice(self):
        order = self._create_order(qty=10, confirm=True)
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "percentage", "amount": 50}
        ).create_invoices()
        order.invoice_ids.action_post()
        self.assertEqual(
            self._exposure(),
            {
                "receivable": 500.0,
                "invoices_draft": 0.0,
                "orders": 500.0,
                "total": 1000.0,
            },
        )
        final = order._create_invoices(final=True)
        self.assertEqual(final.amount_total, 500.0)
        final.action_post()
        self.assertEqual(
            self._exposure(),
            {
                "receivable": 1000.0,
                "invoices_draft": 0.0,
                "orders": 0.0,
                "total": 1000.0,
            },
        )

    def test_multi_currency_order_and_invoice_in_company_currency(self):
        # Rate 2.0: one company-currency unit is worth two units of the other currency.
        other = self.setup_other_currency("EUR")
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": other.id}
        )
        self._create_order(qty=5, confirm=True, pricelist_id=pricelist.id)
        self._create_invoice(400.0, currency=other)
        exposure = self._exposure()
        self.assertAlmostEqual(exposure["orders"], 250.0)
        self.assertAlmostEqual(exposure["receivable"], 200.0)

    def test_other_company_documents_do_not_count(self):
        other = self.setup_other_company()["company"]
        self.env.user.company_ids |= other
        self._create_invoice(300.0)
        self.assertEqual(self._exposure()["receivable"], 300.0)
        exposure_other = self.customer.with_company(other)
        self.assertEqual(exposure_other.credit_exposure, 0.0)
        self.assertEqual(exposure_other.credit_currency_id, other.currency_id)

    def test_overdue_amount_and_days(self):
        self._create_invoice(300.0, due=self._days_ago(45))
        self._create_invoice(200.0, due=self._days_ago(10))
        self._create_invoice(500.0)  # due today: not overdue
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_overdue_amount, 500.0)
        self.assertEqual(self.customer.credit_overdue_days, 45)

    def test_each_part_opens_its_records(self):
        invoice = self._create_invoice(300.0)
        draft = self._create_invoice(100.0, post=False)
        order = self._create_order(qty=2, confirm=True)
        receivable = self.customer.action_credit_open_receivable()
        lines = self.env["account.move.line"].search(receivable["domain"])
        self.assertEqual(lines.move_id, invoice)
        self.assertEqual(sum(lines.mapped("amount_residual")), 300.0)
        drafts = self.customer.action_credit_open_invoices_draft()
        self.assertEqual(self.env["account.move"].search(drafts["domain"]), draft)
        orders = self.customer.action_credit_open_orders()
        self.assertEqual(self.env["sale.order"].search(orders["domain"]), order)

    def test_quotation_shows_exposure_with_this_order(self):
        self._create_invoice(300.0)
        with Form(self.env["sale.order"].with_user(self.salesman)) as order_form:
            order_form.partner_id = self.contact
            with order_form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 8
            # The review panel of the form shows the figures before the order is saved.
            self.assertIn("300.00", order_form.review_panel)
            self.assertIn("1,100.00", order_form.review_panel)
        order = order_form.record
        self.assertEqual(order.credit_partner_exposure, 300.0)
        self.assertEqual(order.credit_exposure_after, 1100.0)
        self.assertTrue(order.credit_over_limit)

    def test_invoice_form_shows_customer_credit(self):
        self._create_invoice(300.0, due=self._days_ago(40))
        self.customer.credit_hold = True
        invoice = self._create_invoice(50.0, post=False).with_user(self.accountant)
        self.assertEqual(invoice.credit_partner_exposure, 350.0)
        self.assertEqual(invoice.credit_partner_limit, 1000.0)
        self.assertEqual(invoice.credit_partner_overdue_amount, 300.0)
        self.assertTrue(invoice.credit_partner_hold)

    def test_posting_invoices_is_never_blocked(self):
        self.customer.credit_hold = True
        self.customer.credit_limit = 1.0
        invoice = self._create_invoice(5000.0, post=False)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.state, "posted")

    def _count_list_queries(self, partners):
        # The first run warms the caches of access rules and the like.
        for _run in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            total = sum(partners.browse(partners.ids).mapped("credit_exposure"))
        return self.cr.sql_log_count - before, total

    def test_partner_list_computes_in_one_batch(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "is_company": True} for i in range(200)]
        )
        for partner in partners[:5]:
            self._create_invoice(10.0, partner=partner)
        few, total = self._count_list_queries(partners[:5])
        self.assertEqual(total, 50.0)
        many, total = self._count_list_queries(partners)
        self.assertEqual(total, 50.0)
        self.assertEqual(few, many)

    def test_search_customers_over_limit_and_overdue(self):
        late = self.env["res.partner"].create({"name": "Late Corp", "is_company": True})
        quiet = self.env["res.partner"].create(
            {"name": "Quiet Corp", "is_company": True}
        )
        self._create_invoice(1200.0)  # Acme: over its limit of 1,000
        self._create_invoice(50.0, partner=late, due=self._days_ago(10))
        partners = self.env["res.partner"].with_user(self.controller)
        customers = self.customer | self.contact | late | quiet
        over = partners.search(
            [("credit_available", "<", 0), ("id", "in", customers.ids)]
        )
        self.assertEqual(over, self.customer | self.contact)
        overdue = partners.search(
            [("credit_overdue_amount", ">", 0), ("id", "in", customers.ids)]
        )
        self.assertEqual(overdue, late)
        idle = partners.search(
            [("credit_exposure", "=", 0), ("id", "in", customers.ids)]
        )
        self.assertEqual(idle, quiet)

    def test_unused_order_fields_are_empty_when_credit_off(self):
        self.company.account_use_credit_limit = False
        order = self._create_order(qty=50)
        order.invalidate_recordset()
        with self.assertQueryCount(0):
            self.assertEqual(order.credit_exposure_after, 0.0)
