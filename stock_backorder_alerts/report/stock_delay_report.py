# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models, tools
from odoo.tools import SQL


class StockDelayReport(models.Model):
    _name = "stock.delay.report"
    _inherit = ["stock.alert.xlsx.mixin"]
    _description = "Delivery Delays Analysis"
    _auto = False
    # The view reads these columns: the ORM flushes them before querying it.
    _depends = {
        "stock.move": ["picking_id", "product_id", "product_qty", "state"],
        "stock.picking": [
            "picking_type_id",
            "sale_id",
            "partner_id",
            "delay_reason_id",
            "delay_level",
            "delay_days",
            "state",
            "date_done",
            "scheduled_date",
            "company_id",
        ],
        "res.partner": ["commercial_partner_id"],
        "sale.order": ["user_id"],
    }
    _order = "date desc, id"

    picking_id = fields.Many2one("stock.picking", string="Transfer", readonly=True)
    picking_type_id = fields.Many2one(
        "stock.picking.type", string="Operation Type", readonly=True
    )
    sale_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_qty = fields.Float(string="Quantity", readonly=True)
    delay_reason_id = fields.Many2one(
        "stock.delay.reason", string="Delay Reason", readonly=True
    )
    delay_level = fields.Integer(string="Delay Level", readonly=True, aggregator="max")
    delay_days = fields.Float(string="Days Late", readonly=True, aggregator="avg")
    picking_count = fields.Integer(
        string="# Transfers",
        readonly=True,
        aggregator="count_distinct",
        help="Number of distinct transfers (the column holds the transfer's id, counted once "
        "whatever the number of its product lines).",
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("done", "Done")], string="Status", readonly=True
    )
    date = fields.Datetime(
        string="Date",
        readonly=True,
        help="Validation date, or scheduled date if still open.",
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT m.id AS id,
                       p.id AS picking_id,
                       p.picking_type_id AS picking_type_id,
                       p.sale_id AS sale_id,
                       so.user_id AS user_id,
                       COALESCE(partner.commercial_partner_id, p.partner_id) AS partner_id,
                       m.product_id AS product_id,
                       m.product_qty AS product_qty,
                       p.delay_reason_id AS delay_reason_id,
                       p.delay_level AS delay_level,
                       p.delay_days AS delay_days,
                       p.id AS picking_count,
                       CASE WHEN p.state = 'done' THEN 'done' ELSE 'open' END AS state,
                       COALESCE(p.date_done, p.scheduled_date) AS date,
                       p.company_id AS company_id
                  FROM stock_move m
                  JOIN stock_picking p ON p.id = m.picking_id
             LEFT JOIN res_partner partner ON partner.id = p.partner_id
             LEFT JOIN sale_order so ON so.id = p.sale_id
                 WHERE p.delay_level > 0
                   AND p.state != 'cancel'
                   AND m.state != 'cancel'
            )
            """,
                table=SQL.identifier(self._table),
            )
        )

    def _get_xlsx_columns(self):
        return [
            "picking_id",
            "picking_type_id",
            "sale_id",
            "user_id",
            "partner_id",
            "product_id",
            "product_qty",
            "delay_level",
            "delay_days",
            "delay_reason_id",
            "state",
            "date",
            "company_id",
        ]
