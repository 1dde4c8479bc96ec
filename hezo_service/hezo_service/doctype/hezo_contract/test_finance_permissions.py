"""Who may see and change the finance documents, and the whitelisted endpoints as those users."""

import frappe

from hezo_service.api import finance as api
from hezo_service.services.contracts import lifecycle
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	assert_permission_matrix,
	make_contract,
	make_customer,
	make_device,
	role_users,
)

R, W, C = "read", "write", "create"
MATRIX = {
	"HEZO Work Order": {
		"HEZO Engineer": {R, W, C},
		"HEZO Logistics": {R},
		"HEZO Finance": {R},
		"HEZO Manager": {R, W, C},
		# the portal reads its own customers' work orders (scoped by hezo_service.services.portal.scope)
		"HEZO Customer": {R},
	},
	"HEZO Contract Reminder": {
		"HEZO Engineer": set(),
		"HEZO Logistics": set(),
		"HEZO Finance": {R},
		"HEZO Manager": {R, W, C},
		"HEZO Customer": set(),
	},
}


class TestFinancePermissions(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = role_users("finance-roles.example", MATRIX["HEZO Work Order"])

	def test_permission_matrix(self):
		assert_permission_matrix(self, MATRIX, self.users)

	def test_endpoints_as_finance_and_as_an_engineer(self):
		customer = make_customer(NIPS[2])
		make_device("API-1", customer)
		make_contract("API-C1", customer, "HEZO-360", ["API-1"], "2026-01-01", "2026-12-31")
		frappe.db.set_value("HEZO Contract", "API-C1", {"price": 100, "term_years": 1})
		frappe.set_user(self.users["HEZO Engineer"])
		with self.assertRaises(frappe.PermissionError):
			api.renew("API-C1")
		frappe.set_user(self.users["HEZO Finance"])
		with self.freeze_time("2026-12-01 10:00:00"):
			self.assertEqual(api.renewal_quote("API-C1")["new_start"], "2027-01-01")
			new = api.renew("API-C1")
			self.assertEqual(api.quota_usage(new)[0]["limit"], 5)
			# billing: HEZO Finance may run it, an engineer or a logistics user may not
			for role in ("HEZO Engineer", "HEZO Logistics"):
				frappe.set_user(self.users[role])
				with self.assertRaises(frappe.PermissionError):
					api.run_billing()
			self.assertFalse(frappe.db.exists("Sales Invoice Item", {"hezo_billing_key": f"renewal:{new}"}))
			frappe.set_user(self.users["HEZO Finance"])
			[name] = api.run_billing()
		frappe.set_user("Administrator")
		invoice = frappe.get_doc("Sales Invoice", name)
		self.assertEqual(
			(invoice.docstatus, [i.hezo_billing_key for i in invoice.items]), (0, [f"renewal:{new}"])
		)
		self.assertEqual(lifecycle.renewal_number("API-C1-R1"), "API-C1-R2")
