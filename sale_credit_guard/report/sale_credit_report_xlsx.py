# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError


class SaleCreditReportXlsx(models.TransientModel):
    """One credit report downloaded by a credit controller.

    The file is kept on this transient record, not in an attachment: it is readable by the
    user who made it only (record rule, the ``/web/content`` download included) and goes
    away with Odoo's clean-up of transient records.
    """

    _name = "sale.credit.report.xlsx"
    _description = "Credit Report by Customer (XLSX)"

    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def action_download(self, partners):
        """Build the report for ``partners`` (current company) and return a download action.

        Credit controllers only: the report shows credit limits, which Odoo reserves to
        accounting, and the menus that lead here do not protect an RPC call.
        """
        if not self.env["res.partner"]._is_credit_controller():
            raise AccessError(self.env["res.partner"]._credit_controller_only_message())
        content = self._generate(partners.commercial_partner_id, self.env.company)
        report = self.create(
            {
                "file_data": base64.b64encode(content),
                "file_name": self.env._(
                    "credit_report_%s.xlsx", fields.Date.context_today(self)
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{report.id}/file_data"
            "?filename_field=file_name&download=true",
            "target": "self",
        }

    @api.model
    def _get_columns(self):
        """``[(title, width)]`` of the report columns; override together with ``_get_row``."""
        _ = self.env._
        return [
            (_("Customer"), 36),
            (_("Credit Limit"), 14),
            (_("Open Receivables"), 16),
            (_("Draft Invoices"), 14),
            (_("Orders Not Invoiced"), 18),
            (_("Exposure"), 14),
            (_("Available"), 14),
            (_("Overdue Amount"), 16),
            (_("Overdue Days"), 12),
            (_("Manual Hold"), 12),
            (_("Orders on Hold"), 30),
        ]

    @api.model
    def _get_row(self, partner, holds):
        """Values of one report row, in the order of ``_get_columns()``."""
        return [
            partner.display_name,
            partner.credit_limit,
            partner.credit_exposure_receivable,
            partner.credit_exposure_invoices_draft,
            partner.credit_exposure_orders,
            partner.credit_exposure,
            partner.credit_available,
            partner.credit_overdue_amount,
            partner.credit_overdue_days,
            self.env._("Yes") if partner.credit_hold else "",
            ", ".join(holds.get(partner.id, [])),
        ]

    @api.model
    def _generate(self, partners, company):
        """Return the XLSX file (bytes): one row per commercial partner, amounts in the
        company currency, exposure computed in one batch for all rows."""
        # sudo: the report is reserved to credit controllers (menu/action groups) and
        # reads credit_limit, restricted to accounting groups.
        partners = partners.with_company(company).sudo().sorted("display_name")
        held = self.env["sale.order"].search_fetch(
            [
                ("credit_hold", "=", True),
                ("company_id", "=", company.id),
                ("partner_id.commercial_partner_id", "in", partners.ids),
            ],
            ["name", "partner_id"],
        )
        holds = {}
        for order in held:
            holds.setdefault(order.partner_id.commercial_partner_id.id, []).append(
                order.name
            )
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Credit"))
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDDDDD", "text_wrap": True}
        )
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet.write(0, 0, self.env._("Credit report - %s", company.name), bold)
        sheet.write(
            1,
            0,
            self.env._(
                "Amounts in %(currency)s on %(date)s",
                currency=company.currency_id.name,
                date=fields.Date.context_today(self),
            ),
        )
        for col, (title, width) in enumerate(self._get_columns()):
            sheet.write(3, col, title, header)
            sheet.set_column(col, col, width)
        for row, partner in enumerate(partners, start=4):
            for col, value in enumerate(self._get_row(partner, holds)):
                if isinstance(value, float):
                    sheet.write_number(row, col, value, money)
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(4, 1)
        workbook.close()
        return buffer.getvalue()
