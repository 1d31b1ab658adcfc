# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import io
from datetime import datetime

import xlsxwriter

from odoo import _, fields, models


class SaleOrderXlsxExport(models.TransientModel):
    """Spreadsheet of the selected orders with their review and approval trail."""

    _name = "sale.order.xlsx.export"
    _description = "Export Sales Orders with Approvals (XLSX)"

    order_ids = fields.Many2many(comodel_name="sale.order", required=True)
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def action_export(self):
        """Build the XLSX file and return a download action."""
        self.ensure_one()
        self.file_data = base64.b64encode(self._build_xlsx())
        self.file_name = _("sales_orders_approvals") + ".xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}"
            "?download=true",
            "target": "self",
        }

    def _get_order_columns(self):
        """(header, value getter) of the order sheet. Override to add columns."""
        states = dict(
            self.env["sale.order"]._fields["state"]._description_selection(self.env)
        )
        delivery = dict(
            self.env["sale.order"]
            ._fields["delivery_status"]
            ._description_selection(self.env)
        )
        invoice = dict(
            self.env["sale.order"]
            ._fields["invoice_status"]
            ._description_selection(self.env)
        )
        return [
            (_("Order"), lambda o: o.name),
            (_("Customer"), lambda o: o.partner_id.display_name),
            (_("Order Type"), lambda o: o.order_type_id.name or ""),
            (_("Salesperson"), lambda o: o.user_id.name or ""),
            (_("Status"), lambda o: states.get(o.state, o.state)),
            (_("Order Date"), lambda o: o.date_order),
            (_("Currency"), lambda o: o.currency_id.name),
            (_("Untaxed Amount"), lambda o: o.amount_untaxed),
            (_("Total"), lambda o: o.amount_total),
            (_("Review Reasons"), lambda o: o._get_export_reasons()),
            (_("Submitted On"), lambda o: o.date_submitted or ""),
            (_("Delivery Status"), lambda o: delivery.get(o.delivery_status, "")),
            (_("Invoice Status"), lambda o: invoice.get(o.invoice_status, "")),
        ]

    def _get_approval_columns(self):
        """(header, value getter) of the approvals sheet. Override to add columns."""
        states = dict(
            self.env["sale.order.approval"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        return [
            (_("Order"), lambda a: a.order_id.name),
            (_("Round"), lambda a: a.round),
            (_("Level"), lambda a: a.sequence),
            (_("Tier"), lambda a: a.name),
            (_("Status"), lambda a: states.get(a.state, a.state)),
            (_("Decided By"), lambda a: a.user_id.name or ""),
            (_("Submitted On"), lambda a: a.date_submitted or ""),
            (_("Decided On"), lambda a: a.date or ""),
            (_("Lead Time (hours)"), lambda a: a.lead_time if a.date else ""),
            (_("Comment"), lambda a: a.comment or ""),
        ]

    def _build_xlsx(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        orders = self.order_ids
        self._write_sheet(
            workbook.add_worksheet(_("Orders")),
            self._get_order_columns(),
            orders,
            bold,
            date_format,
            money,
        )
        self._write_sheet(
            workbook.add_worksheet(_("Approvals")),
            self._get_approval_columns(),
            orders.approval_ids,
            bold,
            date_format,
            money,
        )
        workbook.close()
        return output.getvalue()

    def _write_sheet(self, sheet, columns, records, bold, date_format, money):
        for col, (header, _getter) in enumerate(columns):
            sheet.write(0, col, header, bold)
            sheet.set_column(col, col, 18)
        for row, record in enumerate(records, start=1):
            for col, (_header, getter) in enumerate(columns):
                value = getter(record)
                if isinstance(value, datetime):
                    sheet.write_datetime(row, col, value, date_format)
                elif isinstance(value, float):
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write(row, col, value)
