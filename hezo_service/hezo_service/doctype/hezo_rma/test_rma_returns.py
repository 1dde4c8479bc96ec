"""The daily returns job: reminders before and after the due day and the charge, each once only;
the low-stock alert once per crossing; the on-site visit meeting the on-site clock."""

import frappe

from hezo_service.services.rma.rma import RMAError
from hezo_service.services.rma.rma_returns import run_daily
from hezo_service.services.rma.spare_stock import check_low_stock, reserve, stock_levels
from hezo_service.tests.factories import (
	HEZOTestCase,
	confirmed_at,
	confirmed_ticket,
	deliver,
	make_rma,
	make_spare,
	make_warehouse,
	ship,
	stock_roles,
)


def mails(rma: str) -> list[str]:
	"""The return reminders queued for the customer (on the RMA's ticket, from the editable template)
	and the notices about the RMA itself (finance's chargeable unit)."""
	ticket = frappe.db.get_value("HEZO RMA", rma, "ticket")
	reminders = frappe.get_all(
		"Communication",
		{"reference_name": ticket, "email_template": "HEZO: Return reminder"},
		pluck="name",
	)
	return frappe.get_all(
		"Email Queue",
		{"reference_doctype": "HEZO RMA", "reference_name": rma},
		pluck="name",
		order_by="creation",
	) + frappe.get_all(
		"Email Queue", {"communication": ["in", reminders or ["-"]]}, pluck="name", order_by="creation"
	)


def reminders(rma: str) -> list[str]:
	"""The kinds the daily job marked on `rma`, in the order it marked them."""
	return frappe.get_all("HEZO RMA Reminder", {"rma": rma}, pluck="kind", order_by="creation, name")


class TestReturns(HEZOTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_single_value(
			"HEZO Settings",
			{
				"return_reminder_days_before": 2,
				"return_reminder_days_after": 1,
				"return_charge_after_days": 14,
				"unreturned_unit_charge": 1234.565,
			},
		)
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
		self.returns_warehouse, _repair = stock_roles()  # a received return is posted into it
		with self.freeze_time("2026-11-23 16:00:00"):
			ticket = confirmed_ticket("LOGI-R1", "HZP-R1", reporter_email="jan@customer.example")
			self.rma = make_rma(ticket.name, replacement_source="Manufacturer hub").name
			ship(self.rma, confirmed_at(self.rma), serial="LOGI-R1-NEW")
			deliver(self.rma, confirmed_at(self.rma))
			rma = frappe.get_doc("HEZO RMA", self.rma)
			rma.return_waybill, rma.return_carrier = "WB-RET-77", "InPost"
			rma.save()

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def run_at(self, at: str) -> dict:
		"""The daily job at `at`: what it marked on this test's RMA (a site may hold other RMAs)."""
		before = len(reminders(self.rma))
		with self.freeze_time(at, tick=False):  # the daily job stamps what it marks with exactly `at`
			run_daily(commit=False)
		new = reminders(self.rma)[before:]
		return {kind: new.count(kind) for kind in ("Before due", "Overdue", "Chargeable")}

	def test_reminders_and_charge_each_once(self):
		self.assertEqual(str(frappe.db.get_value("HEZO RMA", self.rma, "return_due")), "2026-11-30 23:59:59")
		self.assertEqual(self.run_at("2026-11-27 08:00:00"), {"Before due": 0, "Overdue": 0, "Chargeable": 0})
		self.assertEqual(self.run_at("2026-11-28 08:00:00")["Before due"], 1)
		self.assertEqual(self.run_at("2026-11-28 20:00:00")["Before due"], 0)  # sent once
		self.assertEqual(len(mails(self.rma)), 1)
		queued = frappe.get_doc("Email Queue", mails(self.rma)[0])
		self.assertIn("jan@customer.example", [r.recipient for r in queued.recipients])
		self.assertIn("WB-RET-77", queued.message)
		self.assertIn("prosimy", queued.message.lower())
		# the due day itself: still not late (due 23:59:59); the day after: not yet past the "after" day
		self.assertEqual(self.run_at("2026-11-30 23:00:00"), {"Before due": 0, "Overdue": 0, "Chargeable": 0})
		self.assertEqual(self.run_at("2026-12-01 08:00:00")["Overdue"], 1)
		self.assertEqual(frappe.db.get_value("HEZO RMA", self.rma, "return_status"), "Overdue")
		self.assertEqual(self.run_at("2026-12-02 08:00:00")["Overdue"], 0)
		self.assertEqual(len(mails(self.rma)), 2)
		self.assertEqual(self.run_at("2026-12-14 08:00:00")["Chargeable"], 0)  # 14 days after the due day
		self.assertEqual(self.run_at("2026-12-15 08:00:00")["Chargeable"], 1)
		self.assertEqual(self.run_at("2026-12-16 08:00:00")["Chargeable"], 0)
		rma = frappe.get_doc("HEZO RMA", self.rma)
		self.assertEqual((rma.chargeable, str(rma.charge_marked_at)), (1, "2026-12-15 08:00:00"))
		self.assertEqual(str(rma.charge_amount), "1234.57")  # half up to the grosz
		self.assertIn("LOGI-R1", rma.charge_reason)
		self.assertEqual(reminders(self.rma), ["Before due", "Overdue", "Chargeable"])
		# finance queries chargeable units directly
		self.assertIn(self.rma, frappe.get_all("HEZO RMA", {"chargeable": 1}, pluck="name"))

	def test_a_received_return_gets_no_reminder(self):
		with self.freeze_time("2026-11-25 10:00:00"):
			rma = frappe.get_doc("HEZO RMA", self.rma)
			rma.return_received_at, rma.return_condition = "2026-11-25 09:00:00", "Damaged"
			rma.save()
		self.assertEqual(
			frappe.db.get_value("Serial No", "LOGI-R1", ["warehouse", "status"]),
			(self.returns_warehouse, "Active"),
		)
		self.assertEqual(self.run_at("2026-11-29 08:00:00")["Before due"], 0)
		self.assertEqual(self.run_at("2026-12-20 08:00:00"), {"Before due": 0, "Overdue": 0, "Chargeable": 0})
		self.assertEqual(mails(self.rma), [])

	def test_overdue_return_found_late_gets_overdue_and_charge_once_but_no_before_reminder(self):
		self.assertEqual(self.run_at("2026-12-20 08:00:00"), {"Before due": 0, "Overdue": 1, "Chargeable": 1})
		self.assertEqual(self.run_at("2026-12-21 08:00:00"), {"Before due": 0, "Overdue": 0, "Chargeable": 0})


class TestLowStock(HEZOTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_single_value(
			"HEZO Settings",
			{
				"low_stock_min_units": 1,
				"low_stock_min_percent": 50,
				"logistics_mailbox": "logistyka@myhezo.example",
			},
		)
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def alerts(self, model: str) -> list[tuple[str, int, int, int]]:
		return [
			(a.status, a.available, a.covered, a.required)
			for a in frappe.get_all(
				"HEZO Stock Alert",
				{"model": model},
				["status", "available", "covered", "required"],
				order_by="creation",
			)
		]

	def alert_mails(self, model: str) -> list:
		"""The alert mails about `model` (a site may hold alerts of other models)."""
		alerts = frappe.get_all("HEZO Stock Alert", {"model": model}, pluck="name")
		return frappe.get_all(
			"Email Queue",
			{"reference_doctype": "HEZO Stock Alert", "reference_name": ["in", alerts or ["-"]]},
			["name", "message"],
			order_by="creation",
		)

	def test_alert_once_per_crossing(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			confirmed_ticket("MEET-1", "HZP-M1", model="MeetUp")
			confirmed_ticket("MEET-2", "HZP-M2", model="MeetUp")
			confirmed_ticket("MEET-3", "HZP-M3", model="MeetUp")
			self.assertEqual(check_low_stock(["MeetUp"]), ["MeetUp"])  # 3 covered, 0 spare, 2 required
			self.assertEqual(check_low_stock(["MeetUp"]), [])
			self.assertEqual(self.alerts("MeetUp"), [("Open", 0, 3, 2)])
			mail = self.alert_mails("MeetUp")
			self.assertEqual(len(mail), 1)
			self.assertIn("MeetUp", mail[0].message)
			make_spare("MEET-S1", "MeetUp")
			make_spare("MEET-S0", "MeetUp", warehouse=make_warehouse("HEZO Showroom", spare=False))
			self.assertEqual(
				self.alerts("MeetUp"), [("Open", 0, 3, 2)]
			)  # a unit outside spare stock: still low
			make_spare("MEET-S2", "MeetUp")  # 2 available: recovered, the alert clears
			self.assertEqual([a[0] for a in self.alerts("MeetUp")], ["Cleared"])
			rma = make_rma(frappe.get_all("HEZO Ticket", {"device": "MEET-1"}, pluck="name")[0])
			self.assertEqual(rma.status, "Reserved")  # 1 left of 2 required: a new crossing, a new alert
			self.assertEqual([a[0] for a in self.alerts("MeetUp")], ["Cleared", "Open"])
			self.assertEqual(len(self.alert_mails("MeetUp")), 2)

	def test_covered_units_come_from_the_coverage_erpnext_keeps(self):
		"""Covered = Under AMC (sync_coverage keeps it to the contracts in force), off the app's index."""
		self.assertTrue(frappe.db.has_index("tabSerial No", "hezo_idx_model_coverage"))
		with self.freeze_time("2026-11-23 10:00:00"):
			confirmed_ticket("SWY-1", "HZP-S1", model="Swytch")
			confirmed_ticket("SWY-2", "HZP-S2", model="Swytch")
			self.assertEqual([lv.covered for lv in stock_levels(["Swytch"])], [2])
			frappe.db.set_value("Serial No", "SWY-2", "maintenance_status", "Out of AMC")
			self.assertEqual([lv.covered for lv in stock_levels(["Swytch"])], [1])

	def test_levels_read_erpnext_stock_in_a_constant_number_of_queries(self):
		models = ["MeetUp", "Rally Plus", "Tap IP", "Swytch"]
		with self.freeze_time("2026-11-23 10:00:00"):
			for i, model in enumerate(models):
				confirmed_ticket(f"LS-{i}", f"HZP-LS{i}", model=model)  # one covered device each
				make_spare(f"LS-S{i}", model)
			make_spare("LS-S9", "MeetUp", warehouse=make_warehouse("HEZO Showroom", spare=False))
			stock_levels(models)  # settings cached
			with self.assertQueryCount(3):  # spare warehouses, covered devices, free Serial Nos
				one = stock_levels(["MeetUp"])
			with self.assertQueryCount(3):
				every = stock_levels(models)
		self.assertEqual([(x.model, x.available, x.covered) for x in one], [("MeetUp", 1, 1)])
		self.assertEqual(
			sorted((x.model, x.available, x.covered) for x in every), sorted((m, 1, 1) for m in models)
		)

	def test_reserving_twice_keeps_one_unit(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			make_spare("MEET-S9", "MeetUp")
			rma = make_rma(confirmed_ticket("MEET-9", "HZP-M9", model="MeetUp").name)
			self.assertEqual(reserve(rma.name), "MEET-S9")
			self.assertEqual(frappe.db.count("Serial No", {"hezo_reserved_for_rma": rma.name}), 1)


class TestOnsiteVisit(HEZOTestCase):
	def test_arrival_meets_the_onsite_clock(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("QS-1", "SOS-1", plan="SOS-8X5-NBD", model="Q24")
			self.assertEqual((ticket.delivery_kind, str(ticket.delivery_due)), ("nbd", "2026-11-24 17:00:00"))
			engineer = frappe.session.user
		with self.freeze_time("2026-11-24 12:00:00"):
			visit = frappe.get_doc(
				{
					"doctype": "HEZO Onsite Visit",
					"ticket": ticket.name,
					"engineer": engineer,
					"arrived_at": "2026-11-24 11:30:00",
					"dismantled": 1,
					"installed": 1,
					"connected": 1,
					"started": 1,
					"os_version": "Q24 FW 5.2",
					"config_restored": 1,
				}
			)
			with self.assertRaises(RMAError):  # restored config needs the customer's copy attached
				visit.insert()
			visit.config_copy = "/private/files/q24-backup.cfg"
			visit.insert()
		ticket.reload()
		self.assertEqual((str(ticket.delivered_at), ticket.delivery_state), ("2026-11-24 11:30:00", "Met"))
		self.assertEqual((visit.onsite_state, str(visit.onsite_due)), ("Met", "2026-11-24 17:00:00"))
