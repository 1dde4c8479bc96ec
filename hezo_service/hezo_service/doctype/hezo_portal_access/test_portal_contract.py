"""Contract lifecycle, quotas and scheduled work in the portal: the
isolation matrix extended with HEZO Work Order and its report PDF (another customer's user gets 403/404,
never data), finance and reminder records closed to the portal role, and the positive path: the
dashboard shows the lifecycle status and the renewal, the quota usage of a HEZO 360 contract year (the
sixth change billable, also on its ticket page), the device page lists the work orders and the own user
downloads the work report PDF. Requests go through Frappe's own routing in-process, on the test's
transaction (helpers of the portal's isolation matrix)."""

from __future__ import annotations

import json

import frappe

from hezo_service.services.billing import sales_invoices
from hezo_service.services.contracts import lifecycle, scheduled_work
from hezo_service.tests.factories import make_ticket
from hezo_service.tests.portal_fixtures import (
	PortalWorldTestCase,
	assert_list_endpoints_show_only,
	call_api,
	call_raw,
	get_page,
	pdf_text,
)

# finance and reminder records: never readable by the portal role
CLOSED = ("Sales Invoice", "HEZO Contract Reminder")
PDF_PATH = "/api/method/hezo_service.api.portal.work_report"


def make_work_orders(world: dict, freeze) -> None:
	"""Each customer's HEZO 360 year of scheduled work (two reviews, two firmware upgrades); the first
	review done with its findings and engineer (the engineer and schedule key are internal)."""
	for key, w in world.items():
		# planned as on the contract's first day (the world's contracts were made on the real date)
		for name in frappe.get_all("HEZO Work Order", {"contract": w.contract}, pluck="name"):
			frappe.delete_doc("HEZO Work Order", name, force=True, ignore_permissions=True)
		with freeze("2026-01-02 09:00:00"):
			scheduled_work.ensure_work_orders(w.contract, on="2026-01-02")
		names = frappe.get_all(
			"HEZO Work Order", {"contract": w.contract}, pluck="name", order_by="work_kind, sequence"
		)
		with freeze("2026-05-05 10:00:00"):
			review = frappe.get_doc(
				"HEZO Work Order", {"contract": w.contract, "work_kind": "config_log_review", "sequence": 1}
			)
			review.status, review.engineer = "Done", "Administrator"
			review.findings = f"FINDINGS-{key}: VPN tunnel flaps"
			review.save()
		w.update(work_orders=names, done=review.name, open=[n for n in names if n != review.name])


def resolve(ticket) -> None:
	ticket.reload()
	ticket.status = "Resolved"
	ticket.save()


class TestPortalContract(PortalWorldTestCase):
	prefix = "PRC"

	def setUp(self):
		super().setUp()
		make_work_orders(self.world, self.freeze_time)
		frappe.set_user(self.users["A"])

	def assert_no_leak(self, text: str, other: str = "B") -> None:
		for leak in (
			*self.world[other].work_orders,
			f"FINDINGS-{other}",
			self.world[other].contract,
			"|config_log_review|",  # a schedule key (permlevel 1)
		):
			self.assertNotIn(leak, text)

	def test_work_order_permissions_scoped_and_read_only(self):
		self.assertEqual(len(self.a.work_orders), 4)
		for me, other in (("A", "B"), ("B", "A")):
			frappe.set_user(self.users[me])
			mine, theirs = self.world[me].done, self.world[other].done
			self.assertTrue(frappe.has_permission("HEZO Work Order", "read", doc=mine))
			self.assertTrue(frappe.has_permission("HEZO Work Order", "print", doc=mine))
			self.assertFalse(frappe.has_permission("HEZO Work Order", "read", doc=theirs))
			self.assertFalse(frappe.has_permission("HEZO Work Order", "print", doc=theirs))
			for ptype in ("write", "create", "delete", "submit"):
				self.assertFalse(frappe.has_permission("HEZO Work Order", ptype, doc=mine), ptype)
			self.assertEqual(
				sorted(frappe.get_list("HEZO Work Order", pluck="name", limit_page_length=0)),
				sorted(self.world[me].work_orders),
			)
			for doctype in CLOSED:
				self.assertFalse(frappe.has_permission(doctype, "read"), doctype)

	def test_api_resource(self):
		status, body = call_api("GET", f"/api/resource/HEZO Work Order/{self.a.done}")
		self.assertEqual(status, 200)
		data = body["data"]
		self.assertEqual((data["status"], data["contract"]), ("Done", self.a.contract))
		self.assertIn("FINDINGS-A", data["findings"])
		for field in ("engineer", "schedule_key"):
			self.assertFalse(data.get(field), field)
		self.assert_no_leak(json.dumps(body))
		for name in (self.b.done, *self.b.open):
			status, body = call_api("GET", f"/api/resource/HEZO Work Order/{name}")
			self.assertIn(status, (403, 404))
			self.assertNotIn("data", body)
		status, body = call_api(
			"GET", "/api/resource/HEZO Work Order", {"fields": '["*"]', "limit_page_length": 0}
		)
		self.assertEqual(status, 200)
		self.assertEqual(sorted(r["name"] for r in body["data"]), sorted(self.a.work_orders))
		self.assert_no_leak(json.dumps(body))
		for row in body["data"]:
			self.assertFalse(row.get("engineer") or row.get("schedule_key"), row)
		for method, path in (
			("PUT", f"/api/resource/HEZO Work Order/{self.a.open[0]}"),
			("DELETE", f"/api/resource/HEZO Work Order/{self.b.open[0]}"),
			("POST", "/api/resource/HEZO Work Order"),
		):
			status, _body = call_api(
				method,
				path,
				{"data": json.dumps({"status": "Cancelled", "contract": self.a.contract, "work_kind": "x"})},
			)
			self.assertIn(status, (403, 404, 417), path)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("HEZO Work Order", self.a.open[0], "status"), "Open")
		self.assertTrue(frappe.db.exists("HEZO Work Order", self.b.open[0]))

	def test_billing_and_reminders_closed(self):
		frappe.set_user("Administrator")
		# a renewal (billed) and a reminder exist for each customer
		with self.freeze_time("2026-11-20 10:00:00"):
			for w in (self.a, self.b):
				frappe.db.set_value("HEZO Contract", w.contract, "price", 100)
				lifecycle.renew(w.contract)
				frappe.get_doc(
					{
						"doctype": "HEZO Contract Reminder",
						"contract": w.contract,
						"offset_days": 30,
						"recipient": w.user,
						"reminder_key": f"{w.contract}|30|{w.user}",
					}
				).insert(ignore_permissions=True)
			self.assertTrue(sales_invoices.run_billing(commit=False))
		frappe.set_user(self.users["A"])
		for doctype in CLOSED:
			with self.subTest(doctype=doctype):
				status, body = call_api("GET", f"/api/resource/{doctype}", {"limit_page_length": 0})
				self.assertEqual(status, 403, body)
				self.assertNotIn("data", body)
				for method, args in {
					"frappe.client.get_list": {"doctype": doctype, "limit_page_length": 0},
					"frappe.desk.reportview.get": {"doctype": doctype, "fields": '["name"]'},
					"frappe.desk.search.search_link": {"doctype": doctype, "txt": ""},
				}.items():
					status, body = call_api("POST", f"/api/method/{method}", args)
					self.assertIn(status, (403, 404), (method, body))
					self.assertNotIn(self.a.contract, json.dumps(body))
		status, body = call_api("GET", "/api/resource/Sales Invoice Item", {"limit_page_length": 0})
		self.assertIn(status, (403, 404, 417), body)
		self.assertNotIn("data", body)

	def test_api_methods(self):
		b = self.b.done
		for method, args in (
			("frappe.client.get", {"doctype": "HEZO Work Order", "name": b}),
			("frappe.desk.form.load.getdoc", {"doctype": "HEZO Work Order", "name": b}),
			("hezo_service.api.work_orders.send_work_report", {"name": b}),
			("hezo_service.api.finance.quota_usage", {"contract": self.b.contract}),
		):
			with self.subTest(method=method):
				status, body = call_api("POST", f"/api/method/{method}", args)
				self.assertIn(status, (403, 404), body)
				self.assert_no_leak(json.dumps(body))
		status, body = call_api(
			"POST",
			"/api/method/frappe.client.get_value",
			{"doctype": "HEZO Work Order", "filters": b, "fieldname": "findings"},
		)
		self.assertFalse(body.get("message"))
		assert_list_endpoints_show_only(
			self,
			"HEZO Work Order",
			self.a.done,
			'["name", "findings", "engineer", "schedule_key"]',
			'["name", "findings", "schedule_key"]',
		)

	def test_device_page(self):
		status, html = get_page("hezo/device", serial=self.b.serial)
		self.assertIn(status, (403, 404))
		self.assert_no_leak(html)
		with self.freeze_time("2026-05-06 10:00:00"):
			status, html = get_page("hezo/device", serial=self.a.serial)
		self.assertEqual(status, 200)
		section = html[html.index('data-section="inspection"') :]
		for name in self.a.work_orders:
			self.assertIn(f'data-work-order="{name}"', section)
		self.assertIn(f'data-work-order="{self.a.done}" data-status="Done"', section)
		self.assertIn("01.09.2026", section)  # the second review's due date
		# Polish first: the kinds in words
		self.assertIn("Przegląd konfiguracji i logów", section)
		self.assertIn("Aktualizacja firmware", section)
		# the report link for the completed review only
		self.assertEqual(section.count("hezo_service.api.portal.work_report?work_order="), 1)
		self.assertIn(f"work_report?work_order={self.a.done}", section)
		self.assert_no_leak(html)
		_status, english = get_page("hezo/device", serial=self.a.serial, _lang="en")
		self.assertIn("Configuration and log review", english)
		frappe.local.lang = "pl"

	def test_report_pdf_only_for_the_own_customer(self):
		status, pdf, content_type = call_raw(PDF_PATH, {"work_order": self.a.done})
		self.assertEqual(status, 200)
		self.assertIn("pdf", content_type)
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = pdf_text(pdf)
		self.assertIn(self.a.done, text)
		self.assertIn("FINDINGS-A", text)
		self.assertIn("Service work report", text)
		self.assertNotIn("FINDINGS-B", text)
		# another customer's, a missing one, and the own one not done yet: the same 404
		for name in (self.b.done, "HZ-WO-99999", self.a.open[0]):
			status, body, _type = call_raw(PDF_PATH, {"work_order": name})
			self.assertEqual(status, 404, name)
			self.assertFalse(body.startswith(b"%PDF"))
		status, body, _type = call_raw(
			"/api/method/frappe.utils.print_format.download_pdf",
			{"doctype": "HEZO Work Order", "name": self.b.done, "format": "HEZO Work Order Report"},
		)
		self.assertIn(status, (403, 404))
		self.assertFalse(body.startswith(b"%PDF"))
		frappe.set_user("Guest")
		status, body, _type = call_raw(PDF_PATH, {"work_order": self.a.done})
		self.assertEqual(status, 403)
		self.assertFalse(body.startswith(b"%PDF"))

	def test_dashboard_lifecycle_status_and_renewal(self):
		frappe.set_user("Administrator")
		with self.freeze_time("2026-11-20 10:00:00"):
			new = lifecycle.renew(self.a.contract)
		with self.freeze_time("2027-01-05 10:00:00"):
			lifecycle.update_statuses()
			self.assertEqual(frappe.db.get_value("HEZO Contract", self.a.contract, "status"), "Renewed")
			self.assertEqual(frappe.db.get_value("HEZO Contract", self.b.contract, "status"), "Lapsed")
			frappe.set_user(self.users["A"])
			status, html = get_page("hezo")
		self.assertEqual(status, 200)
		old_row = html[html.index(f'data-contract="{self.a.contract}"') :]
		old_row = old_row[: old_row.index("</tr>")]
		self.assertIn('data-state="renewed"', old_row)
		self.assertIn(f'data-renewed-to="{new}"', old_row)
		self.assertIn("31.12.2027", old_row)
		self.assertIn("odnowiona do", old_row)  # Polish first
		new_row = html[html.index(f'data-contract="{new}"') :]
		self.assertIn('data-state="active"', new_row[: new_row.index("</tr>")])
		self.assert_no_leak(html)
		with self.freeze_time("2027-01-05 10:00:00"):
			_status, english = get_page("hezo", _lang="en")
		self.assertIn("renewed until", english)
		frappe.local.lang = "pl"
		frappe.set_user(self.users["B"])
		with self.freeze_time("2027-01-05 10:00:00"):
			status, html = get_page("hezo")
		self.assertIn('data-state="lapsed"', html)
		self.assertNotIn(new, html)
		self.assert_no_leak(html, other="A")

	def test_quota_usage_on_dashboard_and_ticket(self):
		tickets = []
		for day in (1, 2, 3, 6, 7, 8):
			with self.freeze_time(f"2026-04-{day:02d} 10:00:00"):
				frappe.set_user("Administrator")
				ticket = make_ticket(
					self.a.serial, self.a.contract, "Question", request_kind="remote_config_change"
				)
				resolve(ticket)
				tickets.append(ticket.name)
		frappe.set_user(self.users["A"])
		with self.freeze_time("2026-04-09 10:00:00"):
			status, html = get_page("hezo")
		self.assertEqual(status, 200)
		row = html[html.index(f'data-contract="{self.a.contract}"') :]
		row = row[: row.index("</tr>")]
		self.assertIn('data-quota="remote_config_change" data-used="6" data-limit="5" data-over="1"', row)
		self.assertIn("płatne", row)  # "1 ponad limit, płatne" (Polish first)
		# the sixth change is the billable one, on its ticket page; the first is included
		status, html = get_page("hezo/ticket", name=tickets[5])
		self.assertEqual(status, 200)
		self.assertIn('id="hz-ticket-quota" data-position="6" data-billable="1"', html)
		status, html = get_page("hezo/ticket", name=tickets[0])
		self.assertIn('data-position="1" data-billable="0"', html)
		# B's dashboard: its own (unused) quota, nothing of A's
		frappe.set_user(self.users["B"])
		with self.freeze_time("2026-04-09 10:00:00"):
			status, html = get_page("hezo")
		self.assertIn('data-used="0" data-limit="5" data-over="0"', html)
		self.assertNotIn(self.a.contract, html)
		status, html = get_page("hezo/ticket", name=tickets[5])
		self.assertIn(status, (403, 404))
		self.assertNotIn("hz-ticket-quota", html)
