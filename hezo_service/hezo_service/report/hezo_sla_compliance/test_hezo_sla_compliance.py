# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""The SLA compliance report on tickets made through the real controllers (intake, clocks), and the
desk pieces that sync on migrate (workspace, number cards, report)."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from hezo_service.hezo_service.report.hezo_sla_compliance.hezo_sla_compliance import (
	compliance,
	execute,
)
from hezo_service.tests.factories import make_device

PLAN = "HEZO-PLUS"
NIP = "7740001454"
CONTRACT = "HZ-TEST-SLA-REPORT"
SERIALS = ("SLAREP0001", "SLAREP0002", "SLAREP0003", "SLAREP0004")
# 2025: far from the tickets other tests make "now", so the rows below are this test's alone
FILTERS = {"from_date": "2025-10-01", "to_date": "2025-11-30", "plan": PLAN}


def make_customer() -> str:
	from hezo_service.tests.factories import make_customer as make_end_customer

	return make_end_customer(NIP, "SLA Report Test sp. z o.o.")


def make_contract(customer: str) -> str:
	for serial in SERIALS:
		make_device(serial, customer, model="Rally Bar", vendor="Logitech")
	if not frappe.db.exists("HEZO Contract", CONTRACT):
		frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": CONTRACT,
				"customer": customer,
				"plan": PLAN,
				"status": "Active",
				"start_date": "2025-01-01",
				"end_date": "2027-12-31",
				"devices": [{"device": serial} for serial in SERIALS],
			}
		).insert()
	return CONTRACT


def make_ticket(serial: str, priority: str, reported_at: str, first_response_at: str | None = None):
	return frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"subject": f"Video bar {serial} does not start",
			"serial_no": serial,
			"contract_no": CONTRACT,
			"priority": priority,
			"channel": "Phone",
			"reported_at": reported_at,
			"first_response_at": first_response_at,
		}
	).insert()


def rows_by_key(filters=None) -> dict:
	_columns, rows, _message, _chart = execute(filters or FILTERS)
	return {(r["plan"], r["priority"], r["month"]): r for r in rows}


class TestHEZOSLACompliance(FrappeTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		frappe.set_user("Administrator")
		make_contract(make_customer())
		# October 2025, Critical: one answered at once (met), one never answered (breached)
		cls.met = make_ticket(SERIALS[0], "Critical", "2025-10-06 10:00:00", "2025-10-06 10:20:00")
		cls.open_breached = make_ticket(SERIALS[1], "Critical", "2025-10-07 10:00:00")
		# October 2025, Non-critical: answered a week late (breached), then resolved
		cls.late = make_ticket(SERIALS[2], "Non-critical", "2025-10-08 10:00:00", "2025-10-15 10:00:00")
		cls.late.status = "Resolved"
		cls.late.save()
		# November 2025, Critical: answered at once
		cls.november = make_ticket(SERIALS[3], "Critical", "2025-11-03 09:00:00", "2025-11-03 09:05:00")

	def test_tickets_went_through_the_controllers(self):
		self.assertEqual(self.met.plan, PLAN)
		self.assertEqual(self.met.response_state, "Met")
		self.assertEqual(self.open_breached.response_state, "Breached")
		self.assertEqual(self.open_breached.sla_state, "Breached")
		self.assertEqual(self.late.response_state, "Breached")

	def test_rows_per_plan_priority_and_month(self):
		rows = rows_by_key()
		self.assertEqual(
			set(rows),
			{(PLAN, "Critical", "2025-10"), (PLAN, "Non-critical", "2025-10"), (PLAN, "Critical", "2025-11")},
		)
		october = rows[(PLAN, "Critical", "2025-10")]
		self.assertEqual(october["tickets"], 2)
		self.assertEqual(october["response_met"], 1)
		self.assertEqual(october["response_breached"], 1)
		self.assertEqual(october["response_compliance"], 50.0)
		self.assertEqual(october["open_breached"], 1)
		# HEZO+ has no follow-up target, and no ticket was confirmed: nothing settled, no share
		self.assertEqual(october["follow_up_met"] + october["follow_up_breached"], 0)
		self.assertIsNone(october["follow_up_compliance"])
		self.assertIsNone(october["delivery_compliance"])

		late = rows[(PLAN, "Non-critical", "2025-10")]
		self.assertEqual((late["tickets"], late["response_met"], late["response_breached"]), (1, 0, 1))
		self.assertEqual(late["response_compliance"], 0.0)
		self.assertEqual(late["open_breached"], 0, "a resolved ticket is not open")

		november = rows[(PLAN, "Critical", "2025-11")]
		self.assertEqual((november["tickets"], november["response_compliance"]), (1, 100.0))

	def test_filters(self):
		only_november = rows_by_key({**FILTERS, "from_date": "2025-11-01"})
		self.assertEqual(set(only_november), {(PLAN, "Critical", "2025-11")})
		# the to date includes its whole day
		last_day = rows_by_key({**FILTERS, "from_date": "2025-10-08", "to_date": "2025-10-08"})
		self.assertEqual(set(last_day), {(PLAN, "Non-critical", "2025-10")})
		critical = rows_by_key({**FILTERS, "priority": "Critical"})
		self.assertEqual({key[1] for key in critical}, {"Critical"})
		self.assertEqual(rows_by_key({**FILTERS, "plan": "HEZO-360"}), {})

	def test_chart_and_columns(self):
		columns, _rows, _message, chart = execute(FILTERS)
		fieldnames = [c["fieldname"] for c in columns]
		for clock in ("response", "follow_up", "delivery"):
			for suffix in ("met", "breached", "compliance"):
				self.assertIn(f"{clock}_{suffix}", fieldnames)
		self.assertIn("open_breached", fieldnames)
		self.assertEqual(chart["type"], "bar")
		self.assertEqual(chart["data"]["labels"], ["2025-10", "2025-11"])
		# only the response clock has settled (no follow-up target, nothing confirmed): one dataset
		self.assertEqual(len(chart["data"]["datasets"]), 1)
		response = chart["data"]["datasets"][0]["values"]
		self.assertEqual(response, [compliance(1, 2), 100.0])  # October: 1 of 3 met

	def test_one_query(self):
		"""Aggregated in the database: the number of queries does not grow with the tickets."""
		frappe.db.sql("select 1")  # warm up
		with self.assertQueryCount(5):
			execute(FILTERS)

	def test_compliance(self):
		self.assertIsNone(compliance(0, 0))
		self.assertEqual(compliance(2, 1), 66.7)
		self.assertEqual(compliance(3, 0), 100.0)

	def test_report_for_a_finance_user(self):
		user = make_user("hezo.finance.report@example.com", "HEZO Finance")
		frappe.set_user(user)
		try:
			from frappe.desk.query_report import run

			result = run("HEZO SLA Compliance", filters=FILTERS)
			self.assertEqual(len(result["result"]), 3)
		finally:
			frappe.set_user("Administrator")

	def test_user_permissions_apply(self):
		"""The query is built with frappe.qb but keeps get_list's permission conditions: a user
		restricted to another customer sees none of these tickets."""
		from frappe.permissions import add_user_permission, remove_user_permission

		from hezo_service.tests.factories import NIPS
		from hezo_service.tests.factories import make_customer as make_other_customer

		user = make_user("hezo.engineer.restricted@example.com", "HEZO Engineer")
		other = make_other_customer(NIPS[6], "Other SLA Report Customer")
		add_user_permission("Customer", other, user)
		try:
			frappe.set_user(user)
			self.assertEqual(rows_by_key(), {})
		finally:
			frappe.set_user("Administrator")
			remove_user_permission("Customer", other, user)
		frappe.set_user(user)
		try:
			self.assertEqual(len(rows_by_key()), 3)
		finally:
			frappe.set_user("Administrator")


CARDS = {
	"HEZO Open Tickets": [["HEZO Ticket", "status", "not in", ["Resolved", "Closed"], False]],
	"HEZO Tickets At Risk": [["HEZO Ticket", "sla_state", "=", "At risk", False]],
	"HEZO Tickets Breached": [
		["HEZO Ticket", "sla_state", "=", "Breached", False],
		["HEZO Ticket", "status", "not in", ["Resolved", "Closed"], False],
	],
	"HEZO Tickets In Verification": [["HEZO Ticket", "status", "=", "Verification", False]],
}
# RMA: its cards are on the same workspace (tested in hezo_rma/test_rma_documents.py)
RMA_CARDS = {
	"HEZO Returns Overdue",
	"HEZO RMAs Awaiting Stock",
	"HEZO Units Chargeable",
	"HEZO Low Stock Models",
}


class TestDeskSync(FrappeTestCase):
	"""What `bench migrate` syncs from the module's folders."""

	def test_number_cards_synced(self):
		import json

		for name, filters in CARDS.items():
			card = frappe.get_doc("Number Card", name)
			self.assertEqual((card.is_standard, card.module, card.type), (1, "HEZO Service", "Document Type"))
			self.assertEqual((card.document_type, card.function), ("HEZO Ticket", "Count"))
			self.assertEqual(json.loads(card.filters_json), filters)

	def test_number_cards_count(self):
		"""Each card counts what its filters say (the desk passes the card's filters_json)."""
		from frappe.desk.doctype.number_card.number_card import get_result

		expected = {
			"HEZO Open Tickets": frappe.db.count(
				"HEZO Ticket", {"status": ["not in", ["Resolved", "Closed"]]}
			),
			"HEZO Tickets At Risk": frappe.db.count("HEZO Ticket", {"sla_state": "At risk"}),
			"HEZO Tickets Breached": frappe.db.count(
				"HEZO Ticket", {"sla_state": "Breached", "status": ["not in", ["Resolved", "Closed"]]}
			),
			"HEZO Tickets In Verification": frappe.db.count("HEZO Ticket", {"status": "Verification"}),
		}
		for name, count in expected.items():
			card = frappe.get_doc("Number Card", name)
			self.assertEqual(get_result(card.as_dict(), card.filters_json), count, name)

	def test_workspace_synced(self):
		workspace = frappe.get_doc("Workspace", "HEZO Service")
		self.assertEqual((workspace.module, workspace.public), ("HEZO Service", 1))
		self.assertEqual(
			{r.role for r in workspace.roles},
			{"HEZO Engineer", "HEZO Logistics", "HEZO Finance", "HEZO Manager", "System Manager"},
		)
		# other parts add their cards (e.g. overdue work): the SLA and RMA cards must all be there
		self.assertLessEqual(set(CARDS) | RMA_CARDS, {c.number_card_name for c in workspace.number_cards})
		linked = {link.link_to for link in workspace.links if link.type == "Link"}
		for doctype in (
			"HEZO Ticket",
			"HEZO Contract",
			"Serial No",
			"Customer",
			"HEZO Service Plan",
			"HEZO Calendar",
			"HEZO Escalation",
			"HEZO SLA Event",
			"HEZO Settings",
			"HEZO SLA Compliance",
		):
			self.assertIn(doctype, linked)

	def test_workspace_for_an_engineer(self):
		from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items

		user = make_user("hezo.engineer.desk@example.com", "HEZO Engineer")
		frappe.set_user(user)
		try:
			pages = [p["name"] for p in get_workspace_sidebar_items()["pages"]]
			self.assertIn("HEZO Service", pages)
			page = get_desktop_page(json_dumps_page("HEZO Service"))
			self.assertGreaterEqual(len(page["number_cards"]["items"]), len(CARDS) + len(RMA_CARDS))
		finally:
			frappe.set_user("Administrator")

	def test_report_synced(self):
		report = frappe.get_doc("Report", "HEZO SLA Compliance")
		self.assertEqual(
			(report.is_standard, report.module, report.ref_doctype, report.report_type),
			("Yes", "HEZO Service", "HEZO Ticket", "Script Report"),
		)


def json_dumps_page(name: str) -> str:
	import json

	return json.dumps({"name": name, "title": name, "public": 1})


def make_user(email: str, role: str) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": role,
				"send_welcome_email": 0,
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
	return email
