# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from hezo_service.core.sla.catalogue import Catalogue, CatalogueError
from hezo_service.services.tickets.recompute import catalogue_saved


class HEZOServicePlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_plan_priority.hezo_plan_priority import HEZOPlanPriority
		from hezo_service.hezo_service.doctype.hezo_plan_quota.hezo_plan_quota import HEZOPlanQuota
		from hezo_service.hezo_service.doctype.hezo_plan_scheduled_work.hezo_plan_scheduled_work import (
			HEZOPlanScheduledWork,
		)

		business_day_calendar: DF.Link
		covered_families: DF.SmallText | None
		deployment_onsite_days: DF.Int
		deployment_remote_days: DF.Int
		description_en: DF.Text | None
		description_pl: DF.Text | None
		is_active: DF.Check
		max_total_years: DF.Int
		nbd_due_time: DF.Time
		onsite: DF.Check
		plan_code: DF.Data
		plan_name_en: DF.Data | None
		plan_name_pl: DF.Data
		priorities: DF.Table[HEZOPlanPriority]
		product_line: DF.Literal[
			"HEZO+", "HEZO 360", "HEZO Assistance QSP", "HEZO CoCare", "HEZO Assistance AHB/SOS"
		]
		quotas: DF.Table[HEZOPlanQuota]
		reactivation_fee_fixed: DF.Currency
		reactivation_fee_percent: DF.Percent
		reactivation_grace_days: DF.Int
		return_days: DF.Int
		return_shipping_payer: DF.Literal["Distributor", "Customer"]
		scheduled_work: DF.Table[HEZOPlanScheduledWork]
		service_type: DF.Data | None
		term_years: DF.Data | None
		vendor: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		"""The core reads the plan exactly as the clocks will, so bad rows are refused now."""
		from hezo_service.services.contracts.catalogue import _documents

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
