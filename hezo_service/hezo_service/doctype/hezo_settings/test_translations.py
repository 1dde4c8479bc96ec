# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""Polish: hezo_service/locale/pl.po, compiled by `bench build` to
sites/assets/locale/pl/LC_MESSAGES/hezo_service.mo, which is what Frappe v15 reads."""

from __future__ import annotations

import frappe
from frappe.gettext.translate import _compile_translation, get_mo_path, get_po_path
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_all_translations, get_user_lang

APP = "hezo_service"
USER = "hezo.translations@example.com"


class TestPolishTranslations(FrappeTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		po, mo = get_po_path(APP, "pl"), get_mo_path(APP, "pl")
		if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
			_compile_translation(APP, "pl")  # what `bench build` does
		frappe.translate.clear_cache()
		if not frappe.db.exists("User", USER):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": USER,
					"first_name": "Inżynier",
					"language": "pl",
					"send_welcome_email": 0,
					"roles": [{"role": "HEZO Engineer"}],
				}
			).insert(ignore_permissions=True)

	def setUp(self) -> None:
		frappe.set_user(USER)
		self.lang = frappe.local.lang
		frappe.local.lang = get_user_lang(USER)  # what a request of this user does

	def tearDown(self) -> None:
		frappe.local.lang = self.lang
		frappe.set_user("Administrator")

	def test_user_language(self):
		self.assertEqual(frappe.local.lang, "pl")

	def test_labels(self):
		_ = frappe._
		self.assertEqual(_("HEZO Ticket"), "Zgłoszenie HEZO")
		self.assertEqual(_("Serial number"), "Numer seryjny")
		self.assertEqual(_("Request window"), "Okno zgłoszeń")
		self.assertEqual(_("HEZO Service"), "Serwis HEZO")  # module and workspace
		self.assertEqual(_("Open tickets"), "Otwarte zgłoszenia")  # number card
		self.assertEqual(_("HEZO SLA Compliance"), "Zgodność z SLA HEZO")  # report
		# the desk passes the DocType as context for labels and options
		self.assertEqual(_("Response", context="HEZO Ticket"), "Reakcja")
		self.assertEqual(_("Start", context="HEZO Contract"), "Początek")

	def test_frappe_words_stay_frappe(self):
		"""A word Frappe translates already is left to Frappe outside our DocTypes."""
		self.assertEqual(frappe._("Response"), "Odpowiedź")
		self.assertEqual(frappe._("Start"), "Start")

	def test_message_from_a_controller(self):
		with self.assertRaises(frappe.ValidationError) as raised:
			partner = {
				"doctype": "Customer",
				"customer_name": "Test",
				"tax_id": "1234567890",
				"hezo_is_partner": 1,
			}
			frappe.get_doc(partner).insert()
		self.assertIn("nie jest prawidłowym numerem podatkowym partnera", str(raised.exception))

	def test_desk_gets_contextual_keys(self):
		messages = get_all_translations("pl")
		self.assertEqual(messages.get("Response:HEZO Ticket"), "Reakcja")
		self.assertEqual(messages.get("Log phone contact"), "Zapisz kontakt telefoniczny")

	def test_every_doctype_string_has_polish(self):
		"""Every DocType name, label, description and Select option of the module is translated,
		by this app or (common words) by Frappe."""
		messages = get_all_translations("pl")
		missing = []
		for doctype in frappe.get_all("DocType", filters={"module": "HEZO Service"}, pluck="name"):
			texts = [doctype]
			for df in frappe.get_meta(doctype).fields:
				texts += [df.label, df.description]
				if df.fieldtype == "Select":
					texts += (df.options or "").split("\n")
			for text in filter(None, texts):
				if text not in messages and f"{text}:{doctype}" not in messages:
					missing.append(f"{doctype}: {text}")
		self.assertEqual(missing, [])
