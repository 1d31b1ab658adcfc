# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import math
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A century, as sale_order_flow's MAX_DAYS (this addon does not depend on sale_order_flow):
# far above any real grace, and far below what a date computation can hold.
MAX_GRACE_HOURS = 36500 * 24
# Far above any real escalation (a few levels), within what an integer column holds.
MAX_LEVEL = 100


class StockDelayRule(models.Model):
    _name = "stock.delay.rule"
    _description = "Late Transfer Alert Rule"
    _order = "company_id, picking_type_code, level, grace_hours, id"

    # What is late
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    picking_type_code = fields.Selection(
        selection=[
            ("outgoing", "Delivery"),
            ("incoming", "Receipt"),
            ("internal", "Internal Transfer"),
        ],
        string="Type of Operation",
        required=True,
        default="outgoing",
    )
    trigger = fields.Selection(
        selection=[
            ("scheduled", "Not done by its scheduled date"),
            ("deadline", "Not done by its deadline or the order's delivery date"),
        ],
        required=True,
        default="scheduled",
    )
    grace_hours = fields.Float(
        string="Grace (hours)",
        default=0.0,
        help="The rule is reached this many hours after the scheduled date or deadline.",
    )
    level = fields.Integer(
        required=True,
        default=1,
        help="Escalation level reached by the transfer when this rule applies. Each level "
        "alerts once per transfer.",
    )
    # Who is told
    notify_responsible = fields.Boolean(
        string="Notify Responsible",
        help="Schedule an activity for the transfer's responsible.",
    )
    notify_salesperson = fields.Boolean(
        string="Notify Salesperson",
        help="Schedule an activity for the salesperson of the sales order.",
    )
    notify_group_id = fields.Many2one(
        "res.groups",
        string="Notify Group",
        help="Schedule an activity for every user of this group working in the company.",
    )
    notify_customer = fields.Boolean(
        string="Email the Customer",
        help="Email the customer once when the transfer reaches this level.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Customer Email Template",
        domain=[("model", "=", "stock.picking")],
        default=lambda self: self.env.ref(
            "stock_backorder_alerts.mail_template_delivery_delay",
            raise_if_not_found=False,
        ),
    )
    note = fields.Html(
        string="Activity Note",
        translate=True,
        help="Added to the activities of this rule.",
    )
    customer_remedy = fields.Html(
        string="Apology and Remedy",
        translate=True,
        help="Written in the customer's delay email of this rule: the apology, and what the "
        "company offers to make up for the delay (e.g. free shipping, a discount).",
    )

    _sql_constraints = [
        (
            "level_positive",
            "CHECK(level > 0)",
            "The level of a delay rule must be 1 or more.",
        ),
        (
            "grace_positive",
            "CHECK(grace_hours >= 0)",
            "The grace period cannot be negative.",
        ),
    ]

    @api.constrains(lambda self: self._get_setting_bounds())
    def _check_setting_numbers(self):
        """Grace and level are finite numbers within their range (see
        ``_get_setting_bounds``): an infinite or NaN grace would make the alert job fail."""
        for rule in self:
            rule._check_numbers(
                {fname: rule[fname] for fname in self._get_setting_bounds()}
            )

    @api.constrains(
        "notify_responsible",
        "notify_salesperson",
        "notify_group_id",
        "notify_customer",
        "mail_template_id",
    )
    def _check_notifies_someone(self):
        """A rule that tells nobody would raise the level silently: refuse it."""
        for rule in self:
            if not rule._notifies_someone():
                raise ValidationError(
                    self.env._(
                        "The delay rule %(rule)s notifies nobody: choose the responsible, the "
                        "salesperson, a group, or the customer (with an email template).",
                        rule=rule.name,
                    )
                )

    @api.depends("level", "name")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = self.env._(
                "Level %(level)s: %(name)s", level=rule.level, name=rule.name
            )

    # The values are checked before super(): the ORM converts the level to an integer first,
    # and a NaN or an infinity fails there with an error that names no field.
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_numbers(vals)
        return super().write(vals)

    @api.model
    def _get_setting_bounds(self):
        """Return the allowed range of each numeric field of a rule, as
        ``{field name: (minimum, maximum)}``. Override to bound fields added by another
        addon."""
        return {"grace_hours": (0.0, MAX_GRACE_HOURS), "level": (1, MAX_LEVEL)}

    @api.model
    def _check_numbers(self, values):
        """Raise a ``ValidationError`` naming the field when one of ``values`` (``{field
        name: value}``, e.g. the values of a write) is not a finite number within the
        bounds of its field. Values that are not numbers are left to the ORM."""
        bounds = self._get_setting_bounds()
        for fname in bounds.keys() & values.keys():
            minimum, maximum = bounds[fname]
            try:
                value = float(values[fname] or 0)
            except OverflowError:  # an integer beyond any float
                value = math.inf
            except (TypeError, ValueError):
                continue
            if not minimum <= value <= maximum:  # False for NaN too
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a number from %(minimum)s to %(maximum)s "
                        "(got %(value)s).",
                        field=self._fields[fname]._description_string(self.env),
                        minimum=minimum,
                        maximum=maximum,
                        value=values[fname] if math.isfinite(value) else value,
                    )
                )

    def _notifies_someone(self):
        """Whether this rule tells anybody when it is reached. Override along with
        ``_get_users_to_notify`` when adding recipients."""
        self.ensure_one()
        return bool(
            self.notify_responsible
            or self.notify_salesperson
            or self.notify_group_id
            or (self.notify_customer and self.mail_template_id)
        )

    def _group_by_scope(self):
        """Return the rules of ``self`` as ``{(company id, type of operation code): [rules]}``,
        in their order: the transfers a rule applies to are those of its company and type of
        operation."""
        groups = defaultdict(list)
        for rule in self:
            groups[(rule.company_id.id, rule.picking_type_code)].append(rule)
        return groups

    def _get_threshold(self, reference_date):
        """Return the moment this rule is reached for a transfer due at ``reference_date``.

        Override to count the grace in working hours instead of calendar hours.
        """
        self.ensure_one()
        return reference_date + timedelta(hours=self.grace_hours)

    def _get_users_to_notify(self, picking):
        """Return the users who get an activity when ``picking`` reaches this rule.

        Override to add recipients (e.g. a team leader); the result is deduplicated by the caller.
        """
        self.ensure_one()
        users = self.env["res.users"]
        if self.notify_responsible:
            users |= picking.user_id or self._get_fallback_responsibles(picking)
        if self.notify_salesperson:
            users |= picking.sale_id.user_id
        if self.notify_group_id:
            users |= self.notify_group_id.users.filtered(
                lambda user: picking.company_id in user.company_ids
            )
        return users.filtered(lambda user: user.active and not user.share)

    def _get_fallback_responsibles(self, picking):
        """Return who stands in for the responsible of a transfer that has none.

        Backorders are created without a responsible, so by default the inventory
        administrators of the company are alerted instead. Override to route elsewhere.
        """
        managers = self.env.ref("stock.group_stock_manager").users
        return managers.filtered(lambda user: picking.company_id in user.company_ids)
