"""The portal is Polish, with Polish dates, whatever the site's defaults: on a site left in English
with mm-dd-yyyy (as ERPNext's setup wizard may leave it), a portal user made there still gets Polish
pages with dd.mm.yyyy dates and 24-hour times; English only through the portal's switch."""

from __future__ import annotations

import re

import frappe
from frappe.translate import get_user_lang

from hezo_service.services.common.customer_dates import customer_date, customer_datetime
from hezo_service.services.portal.signup import grant
from hezo_service.tests.factories import HEZOTestCase
from hezo_service.tests.portal_fixtures import get_page, make_portal_users, make_world
from hezo_service.tests.site_defaults import english_site

USER = "ola@portal-locale.example"
US_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


class TestPortalLocale(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_portal_users()

	def setUp(self):
		super().setUp()
		site = english_site()
		site.__enter__()
		self.addCleanup(site.__exit__, None, None, None)
		self.world = make_world(self.freeze_time, prefix="LOC")
		# a portal user made while the site is English (not committed: the test's savepoint removes it)
		frappe.get_doc(
			{
				"doctype": "User",
				"email": USER,
				"first_name": "Ola",
				"send_welcome_email": 0,
				"roles": [{"role": "HEZO Customer"}],
			}
		).insert(ignore_permissions=True)
		grant(USER, self.world["A"].customer, self.world["A"].contract, self.world["A"].serial)

	def open_as_user(self, path: str, **query) -> str:
		frappe.set_user(USER)
		frappe.local.lang = get_user_lang(USER)  # what a request of this user starts from
		status, html = get_page(path, **query)
		self.assertEqual(status, 200)
		return html

	def test_a_portal_user_made_on_an_english_site_starts_in_polish(self):
		self.assertEqual(frappe.db.get_default("language"), "en")
		self.assertEqual(frappe.db.get_value("User", USER, "language"), "pl")

	def test_ticket_page_is_polish_with_polish_dates_and_times(self):
		html = self.open_as_user("hezo/ticket", name=self.world["A"].ticket)
		self.assertIn("Portal serwisowy myHEZO", html)
		self.assertIn("Wysłano", html)
		reported = frappe.db.get_value("HEZO Ticket", self.world["A"].ticket, "reported_at")
		self.assertIn(f"Wysłano: {reported.strftime('%d.%m.%Y %H:%M')}<", html)
		self.assertNotRegex(html, US_DATE)

	def test_dashboard_shows_the_contract_end_as_dd_mm_yyyy(self):
		html = self.open_as_user("hezo")
		self.assertIn("Pulpit", html)
		self.assertIn("31.12.2026", html)  # the contract's end (make_world's contract)
		self.assertNotRegex(html, US_DATE)

	def test_english_through_the_switch_keeps_polish_dates(self):
		html = self.open_as_user("hezo/ticket", name=self.world["A"].ticket, _lang="en")
		self.assertIn("myHEZO service portal", html)
		self.assertIn("Sent", html)
		self.assertNotRegex(html, US_DATE)

	def test_helpers(self):
		self.assertEqual(customer_date("2026-11-30"), "30.11.2026")
		self.assertEqual(customer_datetime("2026-11-30 15:04:59"), "30.11.2026 15:04")
		self.assertEqual((customer_date(None), customer_datetime(None)), ("", ""))
