# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each addon's translation template is up to date and its Chinese translation complete.

The terms are read from the installed addons as Odoo's own export reads them (code strings,
fields, selections, views, data), so a new or changed string fails here until `make i18n`
has regenerated the template and the string has been translated in ``i18n/zh_CN.po``.
"""

import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

OUR_ADDONS = (
    "sale_order_flow",
    "sale_credit_guard",
    "stock_backorder_alerts",
    "sale_order_flow_mrp",
    "sale_order_flow_purchase",
)
REPO = Path(__file__).resolve().parent.parent


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = {addon: set() for addon in OUR_ADDONS}
        reader = TranslationModuleReader(cls.env.cr, modules=list(OUR_ADDONS))
        for module, _type, _name, _res_id, source, _value, _comments in reader:
            if module in cls.terms:
                cls.terms[module].add(source)

    def _entries(self, addon, filename):
        po = polib.pofile(str(REPO / addon / "i18n" / filename))
        return [entry for entry in po if not entry.obsolete]

    def test_templates_are_up_to_date(self):
        for addon in OUR_ADDONS:
            with self.subTest(addon=addon):
                self.assertTrue(self.terms[addon], f"{addon} has translatable terms")
                in_template = {e.msgid for e in self._entries(addon, f"{addon}.pot")}
                self.assertFalse(
                    sorted(self.terms[addon] - in_template),
                    f"{addon}: run `make i18n`, these strings are not in the template",
                )

    def test_chinese_is_complete(self):
        for addon in OUR_ADDONS:
            with self.subTest(addon=addon):
                translated = {
                    e.msgid
                    for e in self._entries(addon, "zh_CN.po")
                    if e.msgstr and "fuzzy" not in e.flags
                }
                self.assertFalse(
                    sorted(self.terms[addon] - translated),
                    f"{addon}: these strings have no Chinese translation in zh_CN.po",
                )

    def test_chinese_keeps_the_placeholders(self):
        # A translation that drops or renames %(name)s fails at run time, in Chinese only.
        for addon in OUR_ADDONS:
            for entry in self._entries(addon, "zh_CN.po"):
                if "%(" in entry.msgid and entry.msgstr:
                    with self.subTest(addon=addon, msgid=entry.msgid[:60]):
                        self.assertEqual(
                            sorted(placeholders(entry.msgid)),
                            sorted(placeholders(entry.msgstr)),
                        )


def placeholders(text):
    """The named ``%(name)s``-style placeholders of ``text``."""
    return re.findall(r"%\((\w+)\)", text)
