# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.rma import rma as rma_service


class HEZOOnsiteVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		arrived_at: DF.Datetime | None
		config_copy: DF.Attach | None
		config_restored: DF.Check
		connected: DF.Check
		dismantled: DF.Check
		engineer: DF.Link
		installed: DF.Check
		left_at: DF.Datetime | None
		onsite_due: DF.Datetime | None
		onsite_state: DF.Data | None
		os_version: DF.Data | None
		rma: DF.Link | None
		started: DF.Check
		ticket: DF.Link
		work_notes: DF.Text | None

	# end: auto-generated types
	def validate(self) -> None:
		rma_service.visit_validate(self)
