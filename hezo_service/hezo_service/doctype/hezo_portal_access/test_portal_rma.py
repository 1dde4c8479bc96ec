"""RMAs in the portal: the isolation matrix extended with HEZO RMA and
what an RMA makes reachable (its private files, its PDF, the replacement device), and the positive
path: the own customer's user sees the RMA page (waybills, return due and state), the device page's
RMA section and genealogy, and downloads the return instructions PDF. Requests go through Frappe's own
routing in-process, on the test's transaction (helpers of the portal's isolation matrix)."""

from __future__ import annotations

import json

import frappe
import frappe.api
from frappe.utils import set_request

from hezo_service.tests.factories import deliver, make_item, make_rma, ship, stock_roles
from hezo_service.tests.portal_fixtures import (
	PortalWorldTestCase,
	assert_list_endpoints_show_only,
	call_api,
	call_raw,
	get_page,
	pdf_text,
)

# what an RMA leads to that a portal user never reads directly
CLOSED = (
	"Warehouse",
	"Stock Entry",
	"Delivery Note",
	"HEZO RMA Reminder",
	"HEZO Stock Alert",
	"HEZO Onsite Visit",
	"HEZO Device Event",
)
INTERNAL = ("internal-note-", "INTERNAL-CHARGE-", "VENDOR-CASE-")


def make_rmas(world: dict, freeze, delivered: bool = True) -> None:
	"""For each customer of the world: its ticket confirmed, an RMA from the manufacturer's hub,
	shipped, delivered and a return waybill issued (or, not `delivered`, on its way), internal notes and
	a charge, a private file."""
	for key, w in world.items():
		with freeze("2026-03-10 11:00:00"):
			ticket = frappe.get_doc("HEZO Ticket", w.ticket)
			ticket.status = "Verification"
			ticket.save()
			ticket.interview_done = ticket.tests_done = 1
			ticket.status = "Confirmed"
			ticket.save()
			rma = make_rma(
				ticket.name,
				replacement_source="Manufacturer hub",
				vendor_case_no=f"VENDOR-CASE-{key}",
				vendor_rma_no=f"VRMA-{key}",
				notes=f"internal-note-{key}",
			)
		with freeze("2026-03-10 14:00:00"):
			ship(rma.name, "2026-03-10 12:00:00", serial=f"REPL{key}0001", waybill=f"WB-OUT-{key}-4711")
			if delivered:
				deliver(rma.name, "2026-03-10 13:30:00")
				doc = frappe.get_doc("HEZO RMA", rma.name)
				doc.return_waybill, doc.return_carrier = f"WB-RET-{key}-0815", "DHL Express"
				doc.save()
		frappe.db.set_value(
			"HEZO RMA",
			rma.name,
			{"charge_amount": 1234.56, "charge_reason": f"INTERNAL-CHARGE-{key}"},
			update_modified=False,
		)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"rma-photo-{key}.txt",
				"attached_to_doctype": "HEZO RMA",
				"attached_to_name": rma.name,
				"is_private": 1,
				"content": f"rma photo of {key}".encode(),
			}
		).insert(ignore_permissions=True)
		w.update(
			rma=rma.name,
			replacement=f"REPL{key}0001",
			rma_file=file.name,
			rma_file_url=file.file_url,
		)


class TestPortalRMA(PortalWorldTestCase):
	prefix = "PRR"

	def setUp(self):
		super().setUp()
		make_rmas(self.world, self.freeze_time)
		frappe.set_user(self.users["A"])

	def assert_no_leak(self, text: str, other: str = "B") -> None:
		for leak in (
			self.world[other].rma,
			f"WB-OUT-{other}-4711",
			f"WB-RET-{other}-0815",
			f"rma photo of {other}",
			*INTERNAL,
		):
			self.assertNotIn(leak, text)

	def test_rma_permissions_scoped_and_read_only(self):
		for me, other in (("A", "B"), ("B", "A")):
			frappe.set_user(self.users[me])
			mine, theirs = self.world[me].rma, self.world[other].rma
			self.assertTrue(frappe.has_permission("HEZO RMA", "read", doc=mine))
			self.assertTrue(frappe.has_permission("HEZO RMA", "print", doc=mine))
			self.assertFalse(frappe.has_permission("HEZO RMA", "read", doc=theirs))
			self.assertFalse(frappe.has_permission("HEZO RMA", "print", doc=theirs))
			for ptype in ("write", "create", "delete", "submit"):
				self.assertFalse(frappe.has_permission("HEZO RMA", ptype, doc=mine), ptype)
			self.assertEqual(frappe.get_list("HEZO RMA", pluck="name", limit_page_length=0), [mine])
			# the replacement device (created by the serial swap) is the customer's own
			self.assertTrue(frappe.has_permission("Serial No", "read", doc=self.world[me].replacement))
			self.assertFalse(frappe.has_permission("Serial No", "read", doc=self.world[other].replacement))
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("HEZO RMA", self.a.rma, "notes"), "internal-note-A")

	def test_api_resource(self):
		status, body = call_api("GET", f"/api/resource/HEZO RMA/{self.a.rma}")
		self.assertEqual(status, 200)
		data = body["data"]
		self.assertEqual(
			(data["outbound_waybill"], data["return_waybill"], data["replacement_device"]),
			("WB-OUT-A-4711", "WB-RET-A-0815", "REPLA0001"),
		)
		for field in ("notes", "charge_amount", "charge_reason", "vendor_case_no", "spare_unit", "warehouse"):
			self.assertFalse(data.get(field), field)
		self.assert_no_leak(json.dumps(body))
		status, body = call_api("GET", f"/api/resource/HEZO RMA/{self.b.rma}")
		self.assertIn(status, (403, 404))
		self.assertNotIn("data", body)
		status, body = call_api("GET", "/api/resource/HEZO RMA", {"fields": '["*"]', "limit_page_length": 0})
		self.assertEqual(status, 200)
		self.assertEqual([r["name"] for r in body["data"]], [self.a.rma])
		self.assert_no_leak(json.dumps(body))
		for method, path in (
			("PUT", f"/api/resource/HEZO RMA/{self.a.rma}"),
			("DELETE", f"/api/resource/HEZO RMA/{self.b.rma}"),
			("POST", "/api/resource/HEZO RMA"),
		):
			status, _body = call_api(
				method, path, {"data": json.dumps({"notes": "x", "ticket": self.a.ticket})}
			)
			self.assertIn(status, (403, 404, 417), path)
		for doctype in CLOSED:
			with self.subTest(doctype=doctype):
				status, body = call_api("GET", f"/api/resource/{doctype}", {"limit_page_length": 0})
				self.assertEqual(status, 403, body)
		self.assertEqual(frappe.db.get_value("HEZO RMA", self.a.rma, "notes"), "internal-note-A")

	def test_api_methods(self):
		b = self.b.rma
		denied = [
			("frappe.client.get", {"doctype": "HEZO RMA", "name": b}),
			("frappe.desk.form.load.getdoc", {"doctype": "HEZO RMA", "name": b}),
			("hezo_service.api.rma.mark_delivered", {"rma": b}),
			("hezo_service.api.rma.receive_return", {"rma": b, "condition": "As described"}),
			(
				"hezo_service.api.rma.issue_return_waybill",
				{"rma": b, "return_waybill": "X", "return_carrier": "Y"},
			),
			# not even on the customer's own RMA: the desk records returns and opens RMAs
			("hezo_service.api.rma.receive_return", {"rma": self.a.rma, "condition": "As described"}),
			("hezo_service.api.rma.create_rma", {"ticket": self.a.ticket}),
		]
		for method, args in denied:
			with self.subTest(method=method, args=args):
				status, body = call_api("POST", f"/api/method/{method}", args)
				self.assertIn(status, (403, 404), body)
				self.assert_no_leak(json.dumps(body))
		status, body = call_api(
			"POST",
			"/api/method/frappe.client.get_value",
			{"doctype": "HEZO RMA", "filters": b, "fieldname": "return_waybill"},
		)
		self.assertFalse(body.get("message"))
		self.assertFalse(frappe.db.get_value("HEZO RMA", self.a.rma, "return_received_at"))
		# list-style endpoints answer with A's RMA only, and never its internal fields
		assert_list_endpoints_show_only(
			self,
			"HEZO RMA",
			self.a.rma,
			'["name", "notes", "charge_reason", "vendor_case_no", "outbound_waybill"]',
			'["name", "notes", "charge_reason", "outbound_waybill"]',
		)

	def test_pages_other_customer(self):
		status, html = get_page("hezo/rma", name=self.b.rma)
		self.assertIn(status, (403, 404))
		self.assert_no_leak(html)
		status, html = get_page("hezo/rma", name="RMA-2000-99999")  # missing: the same answer
		self.assertIn(status, (403, 404))
		for serial in (self.b.serial, self.b.replacement):
			status, html = get_page("hezo/device", serial=serial)
			self.assertIn(status, (403, 404))
			self.assert_no_leak(html)
		status, html = get_page("hezo/ticket", name=self.a.ticket)
		self.assertEqual(status, 200)
		self.assertIn(self.a.rma, html)
		self.assert_no_leak(html)
		frappe.set_user("Guest")
		status, html = get_page("hezo/rma", name=self.a.rma)
		self.assertIn(status, (301, 302, 303, 307, 403))
		self.assert_no_leak(html, other="A")

	def test_pdf_only_for_the_own_customer(self):
		path = "/api/method/hezo_service.api.portal.rma_return_instructions"
		status, pdf, content_type = call_raw(path, {"rma": self.a.rma})
		self.assertEqual(status, 200)
		self.assertIn("pdf", content_type)
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = pdf_text(pdf)
		self.assertIn("WB-RET-A-0815", text)
		self.assertIn(self.a.serial, text)
		self.assertIn("Return instructions", text)
		for leak in ("WB-RET-B", *INTERNAL):
			self.assertNotIn(leak, text)
		for rma in (self.b.rma, "RMA-2000-99999"):
			status, body, _type = call_raw(path, {"rma": rma})
			self.assertEqual(status, 404, rma)
			self.assertFalse(body.startswith(b"%PDF"))
		# Frappe's own and the desk's PDF endpoints refuse the other customer's RMA too
		for other_path, args in (
			(
				"/api/method/frappe.utils.print_format.download_pdf",
				{"doctype": "HEZO RMA", "name": self.b.rma, "format": "HEZO Return Instructions"},
			),
			(
				"/api/method/hezo_service.api.rma.download_pdf",
				{"rma": self.b.rma, "print_format": "HEZO Return Instructions"},
			),
		):
			status, body, _type = call_raw(other_path, args)
			self.assertIn(status, (403, 404), other_path)
			self.assertFalse(body.startswith(b"%PDF"))
		# the generic print view of the own RMA leaves the internal fields out
		html = frappe.get_print("HEZO RMA", self.a.rma, "Standard")
		self.assertIn("WB-OUT-A-4711", html)
		for leak in INTERNAL:
			self.assertNotIn(leak, html)
		frappe.set_user("Guest")
		status, body, _type = call_raw(path, {"rma": self.a.rma})
		self.assertEqual(status, 403)
		self.assertFalse(body.startswith(b"%PDF"))

	def test_private_file_of_an_rma(self):
		from frappe.utils.response import download_private_file
		from werkzeug.exceptions import Forbidden

		for me, other in (("A", "B"), ("B", "A")):
			frappe.set_user(self.users[me])
			url = self.world[me].rma_file_url
			set_request(method="GET", path=url)
			frappe.local.form_dict = frappe._dict()
			frappe.flags.read_only = True  # Frappe's access log commits on GET requests otherwise
			try:
				response = download_private_file(url)
			finally:
				frappe.flags.read_only = False
			self.assertEqual(response.status_code, 200)
			self.assertIn(f"rma photo of {me}".encode(), b"".join(response.response))
			theirs = self.world[other].rma_file_url
			set_request(method="GET", path=theirs)
			with self.assertRaises(Forbidden):
				download_private_file(theirs)
			frappe.local.request = None
			self.assertFalse(frappe.has_permission("File", "read", doc=self.world[other].rma_file))
			status, _body = call_api("GET", f"/api/resource/File/{self.world[other].rma_file}")
			self.assertEqual(status, 403)

	def test_own_rma_page_and_device_page(self):
		with self.freeze_time("2026-03-11 10:00:00"):
			status, html = get_page("hezo/rma", name=self.a.rma)
		self.assertEqual(status, 200)
		for text in (
			"WB-OUT-A-4711",
			"WB-RET-A-0815",
			"DHL Express",
			"VRMA-A",
			'data-return-state="awaiting"',
			'href="/hezo/device?serial=REPLA0001"',
			"hezo_service.api.portal.rma_return_instructions?rma=" + self.a.rma,
		):
			self.assertIn(text, html)
		# Polish first, English on request
		self.assertIn("Oczekuje na zwrot", html)
		self.assertIn("Wysyłka urządzenia zastępczego", html)
		with self.freeze_time("2026-03-11 10:00:00"):
			_status, english = get_page("hezo/rma", name=self.a.rma, _lang="en")
		self.assertIn("Awaiting return", english)
		self.assertIn("Shipment of the replacement", english)
		frappe.local.lang = "pl"
		due = frappe.db.get_value("HEZO RMA", self.a.rma, "return_due")
		self.assertIn(due.strftime("%d.%m.%Y %H:%M"), html)  # Polish conventions (customer_dates)
		self.assert_no_leak(html)
		# a week and a half later, not received: overdue (whether or not the daily job ran)
		with self.freeze_time("2026-03-20 10:00:00"):
			status, html = get_page("hezo/rma", name=self.a.rma)
		self.assertIn('data-return-state="overdue"', html)
		# the faulty device's page: the RMA section and "replaced by"
		with self.freeze_time("2026-03-11 10:00:00"):
			status, html = get_page("hezo/device", serial=self.a.serial)
		self.assertEqual(status, 200)
		section = html[html.index('data-section="rma"') :]
		for text in (f'data-rma="{self.a.rma}"', "WB-OUT-A-4711", "WB-RET-A-0815", "REPLA0001"):
			self.assertIn(text, section)
		self.assertIn('data-genealogy="replaced_by"', html)
		self.assert_no_leak(html)
		# the replacement's page: it replaces the faulty unit, and is now covered
		status, html = get_page("hezo/device", serial=self.a.replacement)
		self.assertEqual(status, 200)
		self.assertIn('data-genealogy="replaces"', html)
		self.assertIn(f'href="/hezo/device?serial={self.a.serial}"', html)
		self.assertIn(self.a.contract, html)

	def test_received_return_shows_received(self):
		frappe.set_user("Administrator")
		stock_roles()  # the received unit is posted into the returns warehouse
		make_item(frappe.db.get_value("HEZO RMA", self.a.rma, "model"))
		with self.freeze_time("2026-03-21 10:00:00"):
			rma = frappe.get_doc("HEZO RMA", self.a.rma)
			rma.return_condition, rma.return_received_at = "As described", "2026-03-21 09:00:00"
			rma.save()
			frappe.set_user(self.users["A"])
			status, html = get_page("hezo/rma", name=self.a.rma)
		self.assertEqual(status, 200)
		self.assertIn('data-return-state="received"', html)
