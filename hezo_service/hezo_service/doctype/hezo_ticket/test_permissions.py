"""Each role sees and changes what its work needs, and nothing else."""

import frappe

from hezo_service.tests.factories import HEZOTestCase, assert_permission_matrix, role_users

R, W, C = "read", "write", "create"
MATRIX = {
	# doctype: {role: allowed permission types}
	"HEZO Ticket": {
		"HEZO Engineer": {R, W, C},
		"HEZO Logistics": {R, W},
		"HEZO Finance": {R},
		"HEZO Manager": {R, W, C},
		"HEZO Customer": {R},  # portal: read, scoped to the user's customers (portal/scope.py)
	},
	"HEZO Contract": {
		"HEZO Engineer": {R},
		"HEZO Logistics": {R},
		"HEZO Finance": {R, W, C},
		"HEZO Manager": {R, W, C},
		"HEZO Customer": {R},  # portal: read, scoped to the user's customers (portal/scope.py)
	},
	"HEZO Service Plan": {
		"HEZO Engineer": {R},
		"HEZO Logistics": {R},
		"HEZO Finance": {R},
		"HEZO Manager": {R, W, C},
		"HEZO Customer": set(),
	},
	# a covered device: its service data; Serial Nos themselves come from the stock ledger
	"Serial No": {
		"HEZO Engineer": {R, W},
		"HEZO Logistics": {R, W},
		"HEZO Finance": {R},
		"HEZO Manager": {R, W},
		"HEZO Customer": {R},  # portal: read, scoped to the user's customers (portal/scope.py)
	},
	# end customers and partners are ERPNext Customers (install.CUSTOMER_PERMISSIONS); the portal role
	# has no right on them: the portal shows the user's own customers from the server
	"Customer": {
		"HEZO Engineer": {R, W, C},
		"HEZO Logistics": {R},
		"HEZO Finance": {R, W, C},
		"HEZO Manager": {R, W, C},
		"HEZO Customer": set(),
	},
	"HEZO SLA Event": {
		"HEZO Engineer": {R},
		"HEZO Logistics": set(),
		"HEZO Finance": set(),
		"HEZO Manager": {R},
		"HEZO Customer": set(),
	},
	"HEZO Settings": {
		"HEZO Engineer": set(),
		"HEZO Logistics": set(),
		"HEZO Finance": set(),
		"HEZO Manager": {R, W},
		"HEZO Customer": set(),
	},
}


class TestRolePermissions(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = role_users("roles.example", MATRIX["HEZO Ticket"])

	def test_permission_matrix(self):
		assert_permission_matrix(self, MATRIX, self.users)

	def test_audit_trail_cannot_be_written_by_anyone_in_the_desk(self):
		for role in ("HEZO Engineer", "HEZO Manager"):
			self.assertFalse(frappe.has_permission("HEZO SLA Event", "write", user=self.users[role]))
			self.assertFalse(frappe.has_permission("HEZO Escalation", "write", user=self.users[role]))

	def test_portal_customers_have_no_desk(self):
		self.assertEqual(frappe.db.get_value("Role", "HEZO Customer", "desk_access"), 0)
		self.assertEqual(frappe.db.get_value("Role", "HEZO Engineer", "desk_access"), 1)
