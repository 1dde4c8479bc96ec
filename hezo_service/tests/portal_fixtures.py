"""Two end customers, each with a portal user, a contract, a device, a ticket with a private file,
a Communication and a delivery proposal: the data of the isolation matrix and the action tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

import frappe
import frappe.api
from frappe.utils import set_request
from frappe.website.serve import get_response

from hezo_service.services.portal.signup import grant
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
	make_user,
)

USERS = {"A": "anna@portal-a.example", "B": "bartek@portal-b.example"}


def make_portal_users() -> dict[str, str]:
	"""Committed (user creation commits): call in setUpClass before any other data."""
	return {k: make_user(v, "HEZO Customer") for k, v in USERS.items()}


class PortalUsersTestCase(HEZOTestCase):
	"""Tests as the two portal users (made once per class, committed)."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.users = make_portal_users()


class PortalWorldTestCase(PortalUsersTestCase):
	"""Tests as the two portal users, each test in a fresh world of customers A and B (its contract
	numbers and serials start with the class's `prefix`)."""

	prefix = "PRT"

	def setUp(self) -> None:
		super().setUp()
		self.world = make_world(self.freeze_time, prefix=self.prefix)
		self.a, self.b = self.world["A"], self.world["B"]


def private_trail(ticket: str, key: str, file_name: str):
	"""What only the ticket's customer may read: a private log file and a desk answer (File, Communication)."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": "HEZO Ticket",
			"attached_to_name": ticket,
			"is_private": 1,
			"content": f"secret log of {key}".encode(),
		}
	).insert(ignore_permissions=True)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": f"Re {key}",
			"content": f"private answer for {key}",
			"reference_doctype": "HEZO Ticket",
			"reference_name": ticket,
		}
	).insert(ignore_permissions=True)
	return file, communication


def make_world(freeze, prefix: str = "PRT", nips=(NIPS[3], NIPS[4])) -> dict:
	world = {}
	for key, nip in zip(("A", "B"), nips, strict=True):
		# the prefix keeps names apart: an ERPNext Customer is named after its customer_name
		customer = make_customer(nip, f"Portal {key} {prefix} Sp. z o.o.")
		serial = f"{prefix}{key}0001"
		device = make_device(serial, customer)
		contract = make_contract(f"HZ-{prefix}-{key}", customer, "HEZO-360", [device])
		# the user becomes a Portal User of the Customer, as sign-up makes it
		grant(USERS[key], customer, contract, device)
		with freeze("2026-03-10 10:00:00"):
			ticket = make_ticket(serial, contract, "Critical", subject=f"Down {key}")
		file, communication = private_trail(ticket.name, key, f"secret-{key}.log")
		world[key] = frappe._dict(
			customer=customer,
			nip=nip,
			serial=device,
			contract=contract,
			ticket=ticket.name,
			file=file.name,
			file_url=file.file_url,
			communication=communication.name,
			user=USERS[key],
		)
	return world


def remove_world(prefix: str, nips, emails) -> None:
	"""Delete (and commit) what a test class had to commit: its customers and everything under them."""
	customers = frappe.get_all("Customer", filters={"hezo_nip": ["in", list(nips)]}, pluck="name")
	tickets = frappe.get_all("HEZO Ticket", filters={"customer": ["in", customers or [""]]}, pluck="name")
	contracts = frappe.get_all("HEZO Contract", filters={"customer": ["in", customers or [""]]}, pluck="name")
	work_orders = frappe.get_all(
		"HEZO Work Order", filters={"contract": ["in", contracts or [""]]}, pluck="name"
	)
	for doctype, field, values in (
		("HEZO Delivery Proposal", "ticket", tickets),
		("HEZO Escalation", "ticket", tickets),
		("HEZO SLA Event", "ticket", tickets),
		("Communication", "reference_name", tickets),
		("File", "attached_to_name", tickets),
		("HEZO Ticket", "name", tickets),
		("HEZO Portal Access", "customer", customers),
		("HEZO Portal Access", "user", list(emails)),
		("HEZO Signup Attempt", "email", list(emails)),
		("HEZO Signup Attempt", "customer", customers),
		("HEZO Contract Device", "device", [f"{prefix}A0001", f"{prefix}B0001"]),
		("HEZO Work Order Step", "parent", work_orders),
		("HEZO Work Order", "name", work_orders),
		("Portal User", "user", list(emails)),
		("HEZO Contract", "customer", customers),
		("Serial No", "hezo_customer", customers),
		("Portal User", "parent", customers),
		("Customer", "name", customers),
	):
		if values:
			frappe.db.delete(doctype, {field: ["in", values]})
	frappe.db.commit()


# --- requests as the portal user, in-process ---------------------------------------------------------


def call_api(method: str, path: str, data: dict | None = None) -> tuple[int, dict]:
	"""A request through Frappe's API router, as the current user: (status, JSON body)."""
	set_request(method=method, path=path)
	frappe.local.form_dict = frappe._dict(data or {})
	frappe.local.response = frappe._dict({"docs": []})
	frappe.local.message_log = []
	frappe.flags.error_message = None
	try:
		response = frappe.api.handle(frappe.request)
	except Exception as error:
		frappe.clear_last_message()
		return getattr(error, "http_status_code", 500), {}
	finally:
		frappe.local.request = None
	body = json.loads(response.get_data() or b"{}")
	body.pop("_error_message", None)
	return response.status_code, body


def get_page(path: str, **query) -> tuple[int, str]:
	set_request(method="GET", path=path, query_string=query)
	frappe.local.form_dict = frappe._dict(query)
	frappe.local.response = frappe._dict({"docs": []})
	try:
		response = get_response(path)
	finally:
		frappe.local.request = None
	return response.status_code, response.get_data(as_text=True)


def call_raw(path: str, data: dict) -> tuple[int, bytes, str]:
	"""A GET through Frappe's API router that answers a file: (status, body, content type)."""
	set_request(method="GET", path=path, query_string=data)
	frappe.local.form_dict = frappe._dict(data)
	frappe.local.response = frappe._dict({"docs": []})
	frappe.local.message_log = []
	# the print view's access log commits on GET requests otherwise (it is deferred when read-only)
	frappe.flags.read_only = True
	try:
		response = frappe.api.handle(frappe.request)
	except Exception as error:
		frappe.clear_last_message()
		return getattr(error, "http_status_code", 500), b"", ""
	finally:
		frappe.flags.read_only = False
		del frappe.local.request
	return response.status_code, response.get_data(), response.content_type or ""


def pdf_text(pdf: bytes) -> str:
	"""The PDF's text via poppler's pdftotext (installed by CI); loud when it is missing."""
	tool = shutil.which("pdftotext")
	if not tool:
		raise AssertionError("pdftotext (poppler-utils) is not installed: the PDF's text cannot be checked")
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(pdf)
		f.flush()
		return subprocess.run(
			[tool, "-layout", f.name, "-"], capture_output=True, check=True, text=True
		).stdout


def assert_list_endpoints_show_only(
	test, doctype: str, own: str, list_fields: str, report_fields: str
) -> None:
	"""Frappe's list-style methods, as the portal user, answer with the user's own record `own` and
	nothing of the other customer (`test.assert_no_leak`)."""
	for method, args in {
		"frappe.client.get_list": {"doctype": doctype, "fields": list_fields, "limit_page_length": 0},
		"frappe.desk.reportview.get": {"doctype": doctype, "fields": report_fields},
		"frappe.desk.search.search_link": {"doctype": doctype, "txt": ""},
		"frappe.desk.form.load.getdoc": {"doctype": doctype, "name": own},
	}.items():
		with test.subTest(method=method):
			status, body = call_api("POST", f"/api/method/{method}", args)
			test.assertEqual(status, 200, body)
			text = json.dumps(body)
			test.assertIn(own, text)
			test.assert_no_leak(text)
