# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from hezo_service.core.sla.calendar import CalendarError
from hezo_service.core.sla.catalogue import CatalogueError, calendar_from_document
from hezo_service.services.tickets.recompute import catalogue_saved


class HEZOCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_calendar_closed_date.hezo_calendar_closed_date import (
			HEZOCalendarClosedDate,
		)
		from hezo_service.hezo_service.doctype.hezo_calendar_interval.hezo_calendar_interval import (
			HEZOCalendarInterval,
		)

		always_open: DF.Check
		calendar_name: DF.Data
		closed_dates: DF.Table[HEZOCalendarClosedDate]
		holiday_country: DF.Data | None
		intervals: DF.Table[HEZOCalendarInterval]
		timezone: DF.Autocomplete
		title_en: DF.Data | None
		title_pl: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		# the core refuses a calendar with no working time, overlaps, unknown zone or country
		try:
			calendar_from_document(self.as_dict())
		except (CalendarError, CatalogueError) as error:
			frappe.throw(_("Calendar {0} cannot be used: {1}").format(self.name or self.calendar_name, error))

	def on_update(self) -> None:
		catalogue_saved(self)
