# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64

from odoo import api, fields, models


class StockAlertXlsxDownload(models.TransientModel):
    """One XLSX file exported from the backorder or delay analysis.

    The file is kept on this transient record, not in an attachment: it is readable by the
    user who exported it only (record rule, the ``/web/content`` download included) and
    goes away with Odoo's clean-up of transient records.
    """

    _name = "stock.alert.xlsx.download"
    _description = "XLSX Export of a Backorder or Delay Analysis"

    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _action_download(self, content, file_name):
        """Keep ``content`` (bytes) as ``file_name`` for the current user and return the
        action that downloads it."""
        download = self.create(
            {"file_data": base64.b64encode(content), "file_name": file_name}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{download.id}/file_data"
            "?filename_field=file_name&download=true",
            "target": "self",
        }
