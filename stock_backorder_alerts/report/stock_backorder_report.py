# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models, tools
from odoo.tools import SQL


class StockBackorderReport(models.Model):
    _name = "stock.backorder.report"
    _inherit = ["stock.alert.xlsx.mixin"]
    _description = "Backorders Analysis"
    _auto = False
    # The view reads these columns: the ORM flushes them before querying it, so a backorder
    # created in the same transaction (a script, a server action) is already in the report.
    _depends = {
        "stock.move": [
            "picking_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "state",
        ],
        "stock.picking": [
            "backorder_id",
            "sale_id",
            "partner_id",
            "picking_type_id",
            "scheduled_date",
            "delay_level",
            "company_id",
        ],
        "stock.picking.type": ["code"],
        "res.partner": ["commercial_partner_id"],
        "sale.order": ["user_id"],
    }
    _order = "backorder_date, id"

    picking_id = fields.Many2one("stock.picking", string="Backorder", readonly=True)
    origin_picking_id = fields.Many2one(
        "stock.picking", string="Original Delivery", readonly=True
    )
    sale_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    pending_qty = fields.Float(string="Pending Quantity", readonly=True)
    scheduled_date = fields.Datetime(string="Expected Date", readonly=True)
    backorder_date = fields.Datetime(string="Backorder Date", readonly=True)
    age_days = fields.Float(string="Age (days)", readonly=True, aggregator="avg")
    age_bucket = fields.Selection(
        selection=[
            ("0_2", "0-2 days"),
            ("3_7", "3-7 days"),
            ("8_30", "8-30 days"),
            ("31_plus", "More than 30 days"),
        ],
        string="Age",
        readonly=True,
    )
    delay_level = fields.Integer(string="Delay Level", readonly=True, aggregator="max")
    company_id = fields.Many2one("res.company", string="Company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT m.id AS id,
                       p.id AS picking_id,
                       p.backorder_id AS origin_picking_id,
                       p.sale_id AS sale_id,
                       so.user_id AS user_id,
                       COALESCE(partner.commercial_partner_id, p.partner_id) AS partner_id,
                       m.product_id AS product_id,
                       m.product_uom AS product_uom_id,
                       m.product_uom_qty AS pending_qty,
                       p.scheduled_date AS scheduled_date,
                       p.create_date AS backorder_date,
                       ROUND((EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC' - p.create_date))
                              / 86400.0)::numeric, 1) AS age_days,
                       CASE
                           WHEN p.create_date > NOW() AT TIME ZONE 'UTC' - INTERVAL '3 days'
                               THEN '0_2'
                           WHEN p.create_date > NOW() AT TIME ZONE 'UTC' - INTERVAL '8 days'
                               THEN '3_7'
                           WHEN p.create_date > NOW() AT TIME ZONE 'UTC' - INTERVAL '31 days'
                               THEN '8_30'
                           ELSE '31_plus'
                       END AS age_bucket,
                       p.delay_level AS delay_level,
                       p.company_id AS company_id
                  FROM stock_move m
                  JOIN stock_picking p ON p.id = m.picking_id
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
             LEFT JOIN res_partner partner ON partner.id = p.partner_id
             LEFT JOIN sale_order so ON so.id = p.sale_id
                 WHERE t.code = 'outgoing'
                   AND p.backorder_id IS NOT NULL
                   AND m.state NOT IN ('done', 'cancel')
            )
            """,
                table=SQL.identifier(self._table),
            )
        )

    def _get_xlsx_columns(self):
        return [
            "picking_id",
            "origin_picking_id",
            "sale_id",
            "user_id",
            "partner_id",
            "product_id",
            "pending_qty",
            "product_uom_id",
            "scheduled_date",
            "backorder_date",
            "age_days",
            "delay_level",
            "company_id",
        ]
