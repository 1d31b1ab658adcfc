# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Guards and search helpers shared by the sale-order-flow addons (plain functions on
recordsets)."""

import math

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# The largest amount a setting may hold. Far above any real credit limit or threshold
# (even in currencies counted in thousands per dollar), far below the float limit so that
# adding and comparing amounts can never overflow, and small enough that Odoo's rounding
# keeps every cent: a float holds 15-16 significant digits, and from about 1e13 rounding
# an amount to the cent moves it (a tier amount of 1e15 is stored as 1000000000000001.9).
MAX_AMOUNT = 1e12
# The largest number of days (or hours / 24) a delay setting may hold: a century.
MAX_DAYS = 36500


def check_number_fields(records, bounds):
    """Raise a ``ValidationError`` naming the field when a numeric field of ``records`` is not
    a finite number within its bounds.

    :param bounds: ``{field name: (minimum, maximum)}``; ``None`` leaves a side open. NaN and
        infinities are always refused: one of them in a setting makes every later computation
        fail.
    """
    for record in records:
        for fname, (minimum, maximum) in bounds.items():
            _check_number(record, fname, record[fname], minimum, maximum)


def check_number_values(model, vals_list, bounds):
    """Same check as :func:`check_number_fields`, on the values given to ``create`` or
    ``write``, before the ORM converts them.

    Call it first thing in ``create``/``write`` of a model whose bounded fields are integers
    or amounts: the ORM converts those values (``int()``, rounding to the currency) before any
    ``@api.constrains`` runs, and NaN or infinity then fails there with a bare ``ValueError``
    or ``OverflowError`` that names no field. Values that are not numbers at all (text, lists)
    are left to the ORM, which refuses them.
    """
    for vals in vals_list:
        for fname in bounds.keys() & vals.keys():
            value = vals[fname]
            if isinstance(value, bool) or value is None:
                continue  # False and None mean "empty": the ORM stores 0
            try:
                value = float(value)  # what the ORM does, strings like "NaN" included
            except OverflowError:  # an integer beyond any float
                value = math.inf if value > 0 else -math.inf
            except (TypeError, ValueError):
                continue
            _check_number(model, fname, value, *bounds[fname])


def _check_number(model, fname, value, minimum, maximum):
    """Raise a ``ValidationError`` naming field ``fname`` of ``model`` when ``value`` is not
    a finite number from ``minimum`` to ``maximum`` (``None``: open side)."""
    if value is False or value is None:
        return
    label = model._fields[fname]._description_string(model.env)
    if not math.isfinite(value):
        raise ValidationError(
            model.env._(
                "%(field)s must be a number (got %(value)s).",
                field=label,
                value=value,
            )
        )
    if minimum is not None and value < minimum:
        raise ValidationError(
            model.env._(
                "%(field)s cannot be lower than %(minimum)s (got %(value)s).",
                field=label,
                minimum=minimum,
                value=value,
            )
        )
    if maximum is not None and value > maximum:
        raise ValidationError(
            model.env._(
                "%(field)s cannot be higher than %(maximum)s (got %(value)s).",
                field=label,
                maximum=maximum,
                value=value,
            )
        )


def get_computed_fields(model, fnames=None):
    """Names of the fields of ``model`` that the ORM computes and users may not set: stored,
    computed (related included), read-only and without inverse. ``fnames`` limits the check
    to those names."""
    names = model._fields if fnames is None else fnames
    return {
        fname
        for fname in names
        if (field := model._fields.get(fname))
        and field.store
        and field.compute
        and field.readonly
        and not field.inverse
    }


def refuse_computed_fields(records, vals, fnames=None):
    """Refuse (``AccessError``) to set computed fields of ``records`` through ``create`` or
    ``write``, unless the caller runs as superuser (the ORM's own code, or a process that
    checked the user's rights).

    The ORM stores whatever value such a write gives and stops recomputing it, so a user
    writing ``invoice_status`` or ``amount_total`` over RPC would change what reports, credit
    checks and approvals read. ``fnames`` restricts the protection to those fields.
    """
    if records.env.su or not vals:
        return
    forbidden = get_computed_fields(records, fnames) & set(vals)
    if forbidden:
        labels = sorted(
            records._fields[fname]._description_string(records.env)
            for fname in forbidden
        )
        raise AccessError(
            records.env._(
                "%(fields)s of %(model)s are computed by Odoo and cannot be set by hand.",
                fields=", ".join(labels),
                # sudo: only the translated name of the model is read.
                model=records.env["ir.model"]._get(records._name).sudo().name,
            )
        )


def boolean_search_domain(model, operator, value, domain):
    """The domain of a search method of a non-stored boolean field of ``model``: ``domain``
    (what the field being true means) for ``= True`` or ``!= False``, its negation for the
    opposite; other searches are refused."""
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise UserError(model.env._("This filter only searches for true or false."))
    if (operator == "=") == value:
        return domain
    return ["!", *expression.normalize_domain(domain)]
