"""Every existing Customer gets its normalised NIP (`hezo_nip`, filled from `tax_id`, which stays as
typed). Invalid and shared NIPs are reported, never refused: the customer master is the distributor's
to clean up, with the desk report "HEZO Customer Tax IDs". A second run writes nothing."""

from __future__ import annotations

import frappe

from hezo_service import custom_fields
from hezo_service.services.common.customer_nips import fill_and_report


def execute() -> None:
	# the custom fields are made by after_migrate, which runs after the patches
	if not frappe.db.has_column("Customer", "hezo_nip"):
		custom_fields.sync()
	print(fill_and_report())
