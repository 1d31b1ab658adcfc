# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models, tools
from odoo.tools import SQL


class StockOtifReport(models.Model):
    """On time in full: one line per product of every completed customer delivery.

    A delivery is on time when it was validated before reaching the first delay rule (its
    ``delay_level`` stayed 0, counted from the original date even when a new date was
    promised); a line is in full when the delivery left none of the product behind (nothing
    cancelled or shipped short, nothing moved to a backorder). The rates are shares of
    lines, so they add up the same way by customer, product, warehouse or month.
    """

    _name = "stock.otif.report"
    _inherit = ["stock.alert.xlsx.mixin"]
    _description = "On Time In Full Analysis"
    _auto = False
    # The view reads these columns: the ORM flushes them before querying it.
    _depends = {
        "stock.move": [
            "picking_id",
            "product_id",
            "product_uom_qty",
            "quantity",
            "state",
        ],
        "stock.picking": [
            "picking_type_id",
            "backorder_id",
            "sale_id",
            "partner_id",
            "location_dest_id",
            "delay_reason_id",
            "delay_level",
            "delay_days",
            "state",
            "date_done",
            "company_id",
        ],
        "stock.picking.type": ["code", "warehouse_id"],
        "stock.location": ["usage"],
        "res.partner": ["commercial_partner_id"],
        "sale.order": ["user_id"],
    }
    _order = "date desc, id"

    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)
    sale_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    date = fields.Datetime(string="Delivered On", readonly=True)
    shipped_qty = fields.Float(string="Quantity Shipped", readonly=True)
    on_time = fields.Boolean(string="On Time", readonly=True)
    in_full = fields.Boolean(string="In Full", readonly=True)
    otif = fields.Boolean(string="On Time In Full", readonly=True)
    days_late = fields.Float(string="Days Late", readonly=True, aggregator="avg")
    delay_reason_id = fields.Many2one(
        "stock.delay.reason", string="Delay Reason", readonly=True
    )
    # Measures
    delivery_count = fields.Integer(
        string="# Deliveries",
        readonly=True,
        aggregator="count_distinct",
        help="Number of distinct deliveries (the column holds the delivery's id, counted "
        "once whatever the number of its lines).",
    )
    line_count = fields.Integer(string="# Lines", readonly=True)
    on_time_rate = fields.Float(string="On Time %", readonly=True, aggregator="avg")
    in_full_rate = fields.Float(string="In Full %", readonly=True, aggregator="avg")
    otif_rate = fields.Float(string="OTIF %", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH lines AS (
                    SELECT MIN(m.id) AS id,
                           m.picking_id,
                           m.product_id,
                           SUM(m.quantity) FILTER (WHERE m.state = 'done') AS shipped_qty,
                           BOOL_OR(
                               (m.state = 'cancel' AND m.product_uom_qty > 0)
                               OR (m.state = 'done' AND m.quantity < m.product_uom_qty)
                           ) AS short
                      FROM stock_move m
                      JOIN stock_picking p ON p.id = m.picking_id
                     WHERE p.state = 'done'
                  GROUP BY m.picking_id, m.product_id
                ),
                flags AS (
                    SELECT lines.*,
                           p.delay_level = 0 AS on_time,
                           NOT lines.short AND NOT EXISTS (
                               SELECT 1
                                 FROM stock_picking bo
                                 JOIN stock_move bm ON bm.picking_id = bo.id
                                WHERE bo.backorder_id = lines.picking_id
                                  AND bm.product_id = lines.product_id
                           ) AS in_full
                      FROM lines
                      JOIN stock_picking p ON p.id = lines.picking_id
                )
                SELECT f.id AS id,
                       p.id AS picking_id,
                       p.sale_id AS sale_id,
                       so.user_id AS user_id,
                       COALESCE(partner.commercial_partner_id, p.partner_id) AS partner_id,
                       f.product_id AS product_id,
                       t.warehouse_id AS warehouse_id,
                       p.company_id AS company_id,
                       p.date_done AS date,
                       COALESCE(f.shipped_qty, 0.0) AS shipped_qty,
                       f.on_time AS on_time,
                       f.in_full AS in_full,
                       f.on_time AND f.in_full AS otif,
                       COALESCE(p.delay_days, 0.0) AS days_late,
                       p.delay_reason_id AS delay_reason_id,
                       p.id AS delivery_count,
                       1 AS line_count,
                       CASE WHEN f.on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                       CASE WHEN f.in_full THEN 100.0 ELSE 0.0 END AS in_full_rate,
                       CASE WHEN f.on_time AND f.in_full THEN 100.0 ELSE 0.0 END AS otif_rate
                  FROM flags f
                  JOIN stock_picking p ON p.id = f.picking_id
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
                  JOIN stock_location dest ON dest.id = p.location_dest_id
             LEFT JOIN res_partner partner ON partner.id = p.partner_id
             LEFT JOIN sale_order so ON so.id = p.sale_id
                 WHERE t.code = 'outgoing'
                   AND dest.usage = 'customer'
            )
            """,
                table=SQL.identifier(self._table),
            )
        )

    def _get_xlsx_columns(self):
        return [
            "picking_id",
            "sale_id",
            "user_id",
            "partner_id",
            "product_id",
            "warehouse_id",
            "date",
            "shipped_qty",
            "on_time",
            "in_full",
            "otif",
            "days_late",
            "delay_reason_id",
            "company_id",
        ]
