"""The pure SLA core: business calendars, clocks, the catalogue and the calculator.

No Frappe import, no database: the Frappe app and the standalone calculator share it."""

from hezo_service.core.sla.calendar import BusinessCalendar, CalendarError
from hezo_service.core.sla.catalogue import Catalogue, CatalogueError, ClockRules, Plan, shipped_catalogue
from hezo_service.core.sla.clocks import (
	Pause,
	due_after,
	end_of_nth_day,
	next_business_day_due,
	window_elapsed,
)

__all__ = [
	"BusinessCalendar",
	"CalendarError",
	"Catalogue",
	"CatalogueError",
	"ClockRules",
	"Pause",
	"Plan",
	"due_after",
	"end_of_nth_day",
	"next_business_day_due",
	"shipped_catalogue",
	"window_elapsed",
]
