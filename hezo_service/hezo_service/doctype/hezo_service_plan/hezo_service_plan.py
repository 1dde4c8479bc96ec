# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from hezo_service.services.recompute import catalogue_saved
from hezo_service.sla.catalogue import Catalogue, CatalogueError


class HEZOServicePlan(Document):
	def validate(self) -> None:
		"""The core reads the plan exactly as the clocks will, so bad rows are refused now."""
		from hezo_service.services.catalogue import _documents

		names = {self.business_day_calendar} | {row.request_calendar for row in self.priorities}
		calendars = [c for c in _documents("HEZO Calendar") if c["name"] in names]
		try:
			Catalogue.from_documents(calendars, [self.as_dict()])
		except CatalogueError as error:
			frappe.throw(_("Plan {0} cannot be used: {1}").format(self.plan_code, error))
		priorities = [row.priority for row in self.priorities]
		if len(set(priorities)) != len(priorities):
			frappe.throw(_("Each priority appears once in a plan."))

	def on_update(self) -> None:
		catalogue_saved(self)
