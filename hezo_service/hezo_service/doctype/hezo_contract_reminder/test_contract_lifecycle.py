"""Contract lifecycle: terms, renewals with reactivation fees, the daily status job and renewal
reminders (each run twice with the same result)."""

from decimal import Decimal

import frappe

from hezo_service.api import finance as api
from hezo_service.services.contracts import lifecycle, reminders
from hezo_service.services.contracts.lifecycle import ContractTermError, RenewalError
from hezo_service.services.tickets.intake import ContractLapsedError
from hezo_service.tests.factories import (
	NIPS,
	CountedSQL,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_partner,
	make_ticket,
)


def status(name: str) -> str:
	return frappe.db.get_value("HEZO Contract", name, "status")


class TestTermsAndRenewal(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[1])
		frappe.db.set_value(
			"HEZO Service Plan",
			"QSP-SOS-8X5-NBD",
			{"reactivation_fee_percent": 10, "reactivation_fee_fixed": 250, "reactivation_grace_days": 14},
		)
		for serial in ("LC-1", "LC-2", "QS-1"):
			make_device(serial, self.customer)

	def contract(self, number, plan, devices, start, end, term, price=1000, **fields):
		return frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": number,
				"customer": self.customer,
				"plan": plan,
				"start_date": start,
				"end_date": end,
				"term_years": term,
				"price": price,
				"devices": [{"device": d} for d in devices],
				**fields,
			}
		).insert()

	def test_terms_offered_by_the_plan_only(self):
		with self.assertRaises(ContractTermError) as error:
			self.contract("T-2Y", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2027-12-31", 2)
		self.assertIn("offers terms of 1,3 years", str(error.exception))
		self.assertEqual(error.exception.http_status_code, 422)

	def test_hezo_plus_extends_to_five_years_and_a_longer_one_is_refused(self):
		with self.freeze_time("2026-06-01 10:00:00"):
			self.contract("HP-1", "HEZO-PLUS", ["LC-1"], "2023-01-01", "2025-12-31", 3, status="Lapsed")
			# 4th and 5th year: allowed
			self.contract("HP-2", "HEZO-PLUS", ["LC-1"], "2026-01-01", "2027-12-31", 2)
		with self.freeze_time("2027-06-01 10:00:00"):
			with self.assertRaises(ContractTermError) as error:
				lifecycle.renew("HP-2", term_years=1)
		self.assertIn("at most 5 years in total", str(error.exception))
		self.assertFalse(frappe.db.exists("HEZO Contract", "HP-2-R1"))

	def test_renewal_during_validity_is_continuous_and_carries_the_devices(self):
		with self.freeze_time("2026-12-01 10:00:00"):
			self.contract("Q-1", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2026-12-31", 1, price="4999.99")
			quote = api.renewal_quote("Q-1")
			self.assertEqual((quote["new_start"], quote["reactivation_fee"]), ("2027-01-01", "0.00"))
			new = lifecycle.renew("Q-1")
			doc = frappe.get_doc("HEZO Contract", new)
			self.assertEqual(new, "Q-1-R1")
			self.assertEqual((str(doc.start_date), str(doc.end_date)), ("2027-01-01", "2027-12-31"))
			self.assertEqual([d.device for d in doc.devices], ["QS-1"])
			self.assertEqual((doc.renewed_from, doc.reactivation_fee, doc.lapsed_days), ("Q-1", 0, 0))
			self.assertEqual(frappe.db.get_value("HEZO Contract", "Q-1", "renewed_to"), "Q-1-R1")
			self.assertEqual(status("Q-1"), "Active")  # still covering until its end
			self.assertEqual(frappe.db.get_value("Serial No", "QS-1", "hezo_contract"), "Q-1")
			with self.assertRaises(RenewalError):
				lifecycle.renew("Q-1")
		with self.freeze_time("2027-01-01 08:00:00"):
			lifecycle.update_statuses()
			self.assertEqual(status("Q-1"), "Renewed")
			self.assertEqual(frappe.db.get_value("Serial No", "QS-1", "hezo_contract"), "Q-1-R1")

	def test_a_renewal_makes_as_many_statements_for_forty_devices_as_for_one(self):
		serials = [make_device(f"LC-MANY-{i:02d}", self.customer) for i in range(40)]
		counts = {}
		with self.freeze_time("2026-12-01 10:00:00"):
			for number, devices in (("Q-ONE", ["LC-1"]), ("Q-MANY", serials)):
				self.contract(number, "QSP-SOS-8X5-NBD", devices, "2026-01-01", "2026-12-31", 1)
				lifecycle.renew(number)  # warm: metas, settings
				frappe.db.set_value("HEZO Contract", number, "renewed_to", None)
				frappe.delete_doc("HEZO Contract", f"{number}-R1", force=True)
				with CountedSQL() as counted:
					renewal = lifecycle.renew(number)
				counts[number] = counted.count
				counts[f"{number} statements"] = counted.queries
				self.assertEqual(len(frappe.get_doc("HEZO Contract", renewal).devices), len(devices))
		self.assertEqual(counts["Q-ONE"], counts["Q-MANY"], counts["Q-MANY statements"])
		self.assertEqual(frappe.db.get_value("Serial No", serials[-1], "hezo_contract"), "Q-MANY")

	def test_late_renewal_pays_the_lapsed_days_and_the_reactivation_fee(self):
		with self.freeze_time("2027-02-15 10:00:00"):
			self.contract("Q-2", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2026-12-31", 1, price="12000")
			lifecycle.update_statuses()
			self.assertEqual(status("Q-2"), "Lapsed")
			new = frappe.get_doc("HEZO Contract", lifecycle.renew("Q-2"))
		self.assertEqual(str(new.start_date), "2027-01-01")  # continuous from the old end
		self.assertEqual(new.lapsed_days, 46)
		self.assertEqual(Decimal(str(new.reactivation_fee)), Decimal("1450.00"))  # 10 % of 12000 + 250
		self.assertEqual(status("Q-2"), "Renewed")
		self.assertEqual(frappe.db.get_value("Serial No", "QS-1", "hezo_contract"), new.name)

	def test_a_ticket_quoting_the_old_number_is_covered_after_reactivation_only(self):
		self.contract("Q-5", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2026-12-31", 1, price="100")
		with self.freeze_time("2027-01-20 10:00:00"):
			with self.assertRaises(ContractLapsedError):
				make_ticket("QS-1", "Q-5", "Critical")
			new = lifecycle.renew("Q-5")
			ticket = make_ticket("QS-1", "Q-5", "Critical")
		self.assertEqual((ticket.contract, ticket.device), (new, "QS-1"))

	def test_within_the_grace_period_there_is_no_fee(self):
		with self.freeze_time("2027-01-10 10:00:00"):
			self.contract("Q-3", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2026-12-31", 1, price="12000")
			new = frappe.get_doc("HEZO Contract", lifecycle.renew("Q-3"))
		self.assertEqual((new.lapsed_days, new.reactivation_fee), (10, 0))

	def test_cancelled_contracts_are_not_renewed(self):
		self.contract("Q-4", "QSP-SOS-8X5-NBD", ["QS-1"], "2026-01-01", "2026-12-31", 1, status="Cancelled")
		with self.assertRaises(RenewalError) as error:
			lifecycle.renew("Q-4")
		self.assertEqual(error.exception.http_status_code, 409)


class TestDailyStatusJob(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[2])
		for serial in ("S-1", "S-2", "S-3", "S-4", "S-5"):
			make_device(serial, self.customer)

	def test_statuses_are_kept_current_and_a_second_run_changes_nothing(self):
		with self.freeze_time("2026-11-01 06:00:00"):
			make_contract("ST-ACTIVE", self.customer, "HEZO-360", ["S-1"], "2026-06-01", "2027-05-31")
			make_contract("ST-EXPIRING", self.customer, "HEZO-360", ["S-2"], "2026-01-01", "2026-12-15")
			make_contract("ST-LAPSED", self.customer, "HEZO-360", ["S-3"], "2025-10-01", "2026-09-30")
			make_contract(
				"ST-CANCELLED", self.customer, "HEZO-360", ["S-4"], "2025-10-01", "2026-09-30", "Cancelled"
			)
			make_contract("ST-RENEWED", self.customer, "HEZO-360", ["S-5"], "2025-11-01", "2026-10-31")
			lifecycle.renew("ST-RENEWED")
			first = lifecycle.update_statuses()
			states = {
				n: status(n)
				for n in (
					"ST-ACTIVE",
					"ST-EXPIRING",
					"ST-LAPSED",
					"ST-CANCELLED",
					"ST-RENEWED",
					"ST-RENEWED-R1",
				)
			}
			snapshot = frappe.get_all("HEZO Contract", fields=["name", "status", "modified"], order_by="name")
			devices = frappe.get_all(
				"Serial No",
				fields=["name", "hezo_contract", "amc_expiry_date", "maintenance_status"],
				order_by="name",
			)
			second = lifecycle.update_statuses()
			self.assertEqual(
				snapshot,
				frappe.get_all("HEZO Contract", fields=["name", "status", "modified"], order_by="name"),
			)
			self.assertEqual(
				devices,
				frappe.get_all(
					"Serial No",
					fields=["name", "hezo_contract", "amc_expiry_date", "maintenance_status"],
					order_by="name",
				),
			)
		self.assertEqual(
			states,
			{
				"ST-ACTIVE": "Active",
				"ST-EXPIRING": "Expiring",
				"ST-LAPSED": "Lapsed",
				"ST-CANCELLED": "Cancelled",
				"ST-RENEWED": "Renewed",
				"ST-RENEWED-R1": "Active",
			},
		)
		self.assertGreaterEqual(first["Expiring"], 1)
		self.assertEqual(
			{k: v for k, v in second.items()},
			{"Renewed": 0, "Lapsed": 0, "Expiring": 0, "Active": 0, "devices": 0},
		)


class TestRenewalReminders(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[3])
		# ERPNext's Customer e-mail is its primary contact's (email_id)
		frappe.db.set_value("Customer", self.customer, "email_id", "it@customer.example")
		self.partner = make_partner("Reseller Sp. z o.o.", email_id="sales@partner.example")
		make_device("R-1", self.customer)
		make_device("R-2", self.customer)

	def queued(self, contract):
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "HEZO Contract", "reference_name": contract},
			pluck="name",
		)

	def test_each_reminder_is_sent_once_per_offset_and_recipient(self):
		frappe.db.set_single_value("HEZO Settings", "reminder_offsets", "60,30,7")
		make_contract("RM-1", self.customer, "HEZO-360", ["R-1"], "2026-01-01", "2026-12-31")
		frappe.db.set_value("HEZO Contract", "RM-1", "partner", self.partner)
		make_contract("RM-FAR", self.customer, "HEZO-360", ["R-2"], "2026-01-01", "2027-12-31")
		with self.freeze_time("2026-11-10 07:00:00"):  # 51 days left: the 60-day reminder
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 2)
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 0)  # same day, again
		with self.freeze_time("2026-11-11 07:00:00"):
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 0)
		with self.freeze_time("2026-12-01 07:00:00"):  # 30 days left
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 2)
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 0)
		self.assertEqual(len(self.queued("RM-1")), 4)
		self.assertEqual(self.queued("RM-FAR"), [])
		keys = sorted(frappe.get_all("HEZO Contract Reminder", {"contract": "RM-1"}, pluck="reminder_key"))
		self.assertEqual(
			keys,
			[
				"RM-1|30|it@customer.example",
				"RM-1|30|sales@partner.example",
				"RM-1|60|it@customer.example",
				"RM-1|60|sales@partner.example",
			],
		)
		mail = frappe.get_doc("Email Queue", self.queued("RM-1")[0])
		self.assertIn("RM-1", mail.message)

	def test_a_renewed_contract_gets_no_reminder(self):
		make_contract("RM-2", self.customer, "HEZO-360", ["R-1"], "2026-01-01", "2026-12-31")
		with self.freeze_time("2026-12-20 07:00:00"):
			lifecycle.renew("RM-2")
			self.assertEqual(reminders.send_renewal_reminders(commit=False), 0)

	def test_due_offset(self):
		self.assertEqual(reminders.due_offset(20, [7, 30, 60]), 30)
		self.assertEqual(reminders.due_offset(7, [7, 30, 60]), 7)
		self.assertIsNone(reminders.due_offset(61, [7, 30, 60]))
