"""Tier 3 data for the desk screens: the fresh test site gets what the setup wizard would set (the desk
redirects to the wizard until then): setup complete, the Polish date format and 24-hour time."""

import frappe


def prepare() -> None:
	frappe.db.set_single_value(
		"System Settings",
		{"setup_complete": 1, "date_format": "dd.mm.yyyy", "time_format": "HH:mm", "country": "Poland"},
	)
	frappe.db.commit()
