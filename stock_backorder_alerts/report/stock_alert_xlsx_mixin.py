# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import io

import xlsxwriter

from odoo import fields, models


class StockAlertXlsxMixin(models.AbstractModel):
    _name = "stock.alert.xlsx.mixin"
    _description = "XLSX Export of Backorder and Delay Analyses"

    def action_export_xlsx(self):
        """Download the selected lines (all lines when called on an empty recordset) as an
        XLSX workbook, readable by the current user only."""
        records = self or self.search([])
        return self.env["stock.alert.xlsx.download"]._action_download(
            records._render_xlsx(), records._get_xlsx_filename()
        )

    def _get_xlsx_columns(self):
        """Return the field names exported, in order. Override in each analysis."""
        raise NotImplementedError()

    def _get_xlsx_title(self):
        """The analysis' name in the user's language (file and sheet names)."""
        return self.env["ir.model"]._get(self._name).name

    def _get_xlsx_filename(self):
        return self.env._(
            "%(report)s %(date)s.xlsx",
            report=self._get_xlsx_title(),
            date=fields.Date.context_today(self),
        )

    def _render_xlsx(self):
        """Return the XLSX file (bytes) of ``self``: a header row of field labels, one row per
        record."""
        columns = self._get_xlsx_columns()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self._get_xlsx_title()[:31])
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for col, fname in enumerate(columns):
            sheet.write(
                0, col, self._fields[fname].get_description(self.env)["string"], bold
            )
            sheet.set_column(col, col, 18)
        for row, record in enumerate(self, start=1):
            for col, fname in enumerate(columns):
                field = self._fields[fname]
                value = record[fname]
                if field.type == "many2one":
                    sheet.write(row, col, value.display_name or "")
                elif field.type == "selection":
                    labels = dict(field._description_selection(self.env))
                    sheet.write(row, col, labels.get(value, ""))
                elif field.type == "boolean":
                    sheet.write_boolean(row, col, bool(value))
                elif field.type in ("datetime", "date"):
                    if value:
                        sheet.write_datetime(row, col, value, date_format)
                else:
                    sheet.write(row, col, value if value is not False else "")
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()
