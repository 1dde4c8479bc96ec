# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from hezo_service.services.recompute import catalogue_saved
from hezo_service.sla.calendar import CalendarError
from hezo_service.sla.catalogue import CatalogueError, calendar_from_document


class HEZOCalendar(Document):
	def validate(self) -> None:
		# the core refuses a calendar with no working time, overlaps, unknown zone or country
		try:
			calendar_from_document(self.as_dict())
		except (CalendarError, CatalogueError) as error:
			frappe.throw(_("Calendar {0} cannot be used: {1}").format(self.name or self.calendar_name, error))

	def on_update(self) -> None:
		catalogue_saved(self)
