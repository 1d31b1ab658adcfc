# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, fields, models
from odoo.tools import format_datetime

# The states of a transfer that Odoo still adds moves to
# (stock.move._search_picking_for_assignation_domain).
OPEN_PICKING_STATES = ("draft", "confirmed", "waiting", "assigned")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _split_by_delivery_date(self):
        """Give the moves of the sales order lines delivered later than their order
        (``sale.order.line._get_later_delivery_date``) a transfer per date, a backorder
        (``backorder_id``) of the delivery they were assigned to.

        Odoo puts every delivery move of an order in one transfer (same procurement group,
        locations and operation type). In each transfer of ``self`` that holds moves of
        several dates, the moves of the earliest date stay (the order's own date comes
        first); those of each later date go to the open transfer of the same order that
        holds only that date, else to a new backorder copied from the transfer the way
        ``stock.picking._create_backorder`` makes one. Its scheduled date follows from its
        moves' dates, planned by sale_stock from the line's date.

        Each transfer keeps the customer's shipping policy (``move_type``, copied): "all at
        once" then waits for all the products of that date, not for those of a later one.
        Only the delivery transfers are split: in two and three steps, the pick and pack
        moves are not linked to the order line (only the final delivery move is), so they
        stay in one transfer, each move with its own date.

        Set-based: one search for the order's other open transfers, one copy per new date,
        one write per transfer and date.
        """
        if not self:
            return
        moves = self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        dates = moves._get_later_delivery_date()
        if not any(dates.values()):
            return
        mixed = self.filtered(
            lambda p: len(
                {dates[m.id] for m in p.move_ids if m.state not in ("done", "cancel")}
            )
            > 1
        )
        if not mixed:
            return
        homes = mixed._get_delivery_date_homes()
        for picking in mixed:
            by_date = {}
            for move in picking.move_ids:
                if move.state not in ("done", "cancel"):
                    date = dates[move.id]
                    by_date[date] = by_date.get(date, self.env["stock.move"]) | move
            # False (the order's own date) sorts first.
            ordered = sorted(
                by_date, key=lambda d: (bool(d), d or fields.Datetime.now())
            )
            homeless = [d for d in ordered if picking._get_home_key(d) not in homes]
            stay = homeless[0] if homeless else ordered[0]
            for date in ordered:
                if date == stay:
                    continue
                key = picking._get_home_key(date)
                if key not in homes:
                    homes[key] = picking._create_date_backorder(date)
                picking._move_to_picking(by_date[date], homes[key])

    def _get_home_key(self, date):
        """What makes two transfers of the same delivery, for ``date`` (False: the
        order's own date): what Odoo groups moves by, and the date."""
        self.ensure_one()
        return (
            self.group_id.id,
            self.picking_type_id.id,
            self.location_id.id,
            self.location_dest_id.id,
            date,
        )

    def _get_delivery_date_homes(self):
        """``{home key: transfer}`` of the open, unprinted transfers of the procurement
        groups of ``self`` (the orders' deliveries, as Odoo finds a transfer to add moves
        to) that hold moves of a single date (see :meth:`_get_home_key`)."""
        siblings = self.search(
            [
                ("group_id", "in", self.group_id.ids),
                ("picking_type_id", "in", self.picking_type_id.ids),
                ("state", "in", OPEN_PICKING_STATES),
                ("printed", "=", False),
            ]
        )
        moves = siblings.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        dates = moves._get_later_delivery_date()
        homes = {}
        for sibling in siblings:
            held = {dates[m.id] for m in sibling.move_ids if m.id in dates}
            if len(held) == 1:
                homes.setdefault(sibling._get_home_key(held.pop()), sibling)
        return homes

    def _create_date_backorder(self, date):
        """A new transfer for what the order delivers on ``date``: a backorder of this one,
        without moves (as ``_create_backorder`` makes them), noted in its chatter."""
        self.ensure_one()
        backorder = self.copy(
            {
                "name": "/",
                "move_ids": [],
                "move_line_ids": [],
                "backorder_id": self.id,
                "user_id": False,
            }
        )
        self._message_log(
            body=Markup(
                _(
                    "The backorder %(backorder)s delivers what the sales order schedules "
                    "on %(date)s."
                )
            )
            % {
                "backorder": backorder._get_html_link(),
                "date": format_datetime(self.env, date),
            }
        )
        return backorder

    def _move_to_picking(self, moves, picking):
        """Move ``moves`` of this transfer, with what they reserved, to ``picking``."""
        moves.write({"picking_id": picking.id})
        moves.move_line_ids.package_level_id.write({"picking_id": picking.id})
        moves.move_line_ids.write({"picking_id": picking.id})
