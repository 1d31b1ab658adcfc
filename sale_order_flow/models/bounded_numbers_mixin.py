# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models

from ..tools import check_number_fields, check_number_values


class BoundedNumbersMixin(models.AbstractModel):
    """Numeric fields that only ever hold finite numbers within their range.

    A host lists its bounded fields in ``_get_setting_bounds``; every create, write and
    Settings save is checked, and a refusal is a ``ValidationError`` naming the field. Used
    by the company settings, the Settings form and the approval tiers: a NaN, an infinity
    or a 1e308 in any of them would make every later review or confirmation fail.
    """

    _name = "sale.bounded.numbers.mixin"
    _description = "Numeric Settings Within Bounds"

    @api.constrains(lambda self: self._get_setting_bounds())
    def _check_setting_numbers(self):
        """The bounded fields hold finite numbers within their range."""
        check_number_fields(self, self._get_setting_bounds())

    # The values are also checked before super(): the ORM converts integers and rounds
    # amounts before any constraint runs, and a NaN or an infinity fails there with an
    # error that names no field.
    @api.model_create_multi
    def create(self, vals_list):
        check_number_values(self, vals_list, self._get_setting_bounds())
        return super().create(vals_list)

    def write(self, vals):
        check_number_values(self, [vals], self._get_setting_bounds())
        return super().write(vals)

    @api.model
    def _get_setting_bounds(self):
        """Return the allowed range of each bounded numeric field, as
        ``{field name: (minimum, maximum)}`` (``None``: no bound on that side).

        Override in the host (and extend with ``super()`` in other addons) to bound its
        fields: ``{**super()._get_setting_bounds(), "field": (0, 100)}``.
        """
        return {}
