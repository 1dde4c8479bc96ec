"""The end customer asks for a renewal from its dashboard: the same draft Quotation for the partner
that sold the contract as the partner's own request (one path), the price never shown to the customer;
the partner's renewal list then shows it requested, a second request is refused in one message, and
another partner's customer's contract answers as a missing one."""

from __future__ import annotations

import frappe

from hezo_service.hezo_service.doctype.hezo_portal_access.test_partner_portal import (
	PartnerPortalTestCase,
	page,
)
from hezo_service.tests.partner_fixtures import PARTNER_USERS
from hezo_service.tests.portal_fixtures import call_api

API = "/api/method/hezo_service.api.portal.request_renewal"
BUTTON = 'data-method="hezo_service.api.portal.request_renewal" data-contract="{}"'


class TestCustomerRenewalRequest(PartnerPortalTestCase):
	def setUp(self):
		super().setUp()
		# the daily lifecycle job's word for a contract ending within the expiring window
		frappe.db.set_value("HEZO Contract", self.p1.due, "status", "Expiring")

	def test_the_dashboard_offers_a_renewal_of_expiring_and_lapsed_contracts(self):
		self.as_user("C1")
		status, html = page("hezo")
		self.assertEqual(status, 200)
		for name in (self.p1.due, self.p1.lapsed):
			self.assertIn(BUTTON.format(name), html)
		self.assertNotIn(BUTTON.format(self.p1.later), html)  # active, far from its end

	def test_a_request_makes_the_partners_draft_quotation_without_showing_the_price(self):
		self.as_user("C1")
		status, body = call_api("POST", API, {"contract": self.p1.lapsed})
		self.assertEqual(status, 200, body)
		self.assertEqual(body["message"]["contract"], self.p1.lapsed)
		self.assertNotIn("1200", str(body))
		self.assertNotIn("quotation", body["message"])
		frappe.set_user("Administrator")
		quotation_name = frappe.db.get_value(
			"Quotation Item", {"hezo_renews_contract": self.p1.lapsed}, "parent"
		)
		quotation = frappe.get_doc("Quotation", quotation_name)
		self.assertEqual((quotation.docstatus, quotation.party_name), (0, self.p1.partner))
		self.assertEqual(quotation.items[0].item_code, "HEZO-RENEWAL-HEZO-360")
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Quotation", "reference_name": quotation_name},
			pluck="content",
		)
		self.assertTrue(any(PARTNER_USERS["C1"] in c for c in comments), comments)
		# asked twice: one message, no second quotation
		self.as_user("C1")
		status, _body = call_api("POST", API, {"contract": self.p1.lapsed})
		self.assertEqual(status, 409)
		self.assertEqual(frappe.db.count("Quotation Item", {"hezo_renews_contract": self.p1.lapsed}), 1)
		_status, html = page("hezo")
		self.assertNotIn(BUTTON.format(self.p1.lapsed), html)
		self.assertIn("Renewal requested", html)
		# the partner sees the customer's request on its own renewal list
		self.as_user("P1")
		_status, html = page("hezo/partner_renewals")
		self.assertIn(f"Requested ({quotation_name})", html)

	def test_another_partners_customers_contract_is_not_found(self):
		self.as_user("C1")
		for name in (self.p2.due, "HZ-NOT-THERE"):
			status, _body = call_api("POST", API, {"contract": name})
			self.assertEqual(status, 404, name)
		self.assertFalse(frappe.db.exists("Quotation Item", {"hezo_renews_contract": self.p2.due}))
		status, _body = call_api("POST", API, {})
		self.assertEqual(status, 422)
