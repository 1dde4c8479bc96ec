# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.contracts import scheduled_work


class HEZOWorkOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_work_order_step.hezo_work_order_step import (
			HEZOWorkOrderStep,
		)

		completed_on: DF.Date | None
		contract: DF.Link
		contract_year: DF.Int
		customer: DF.Link | None
		devices: DF.SmallText | None
		due_date: DF.Date
		engineer: DF.Link | None
		findings: DF.TextEditor | None
		plan: DF.Link | None
		report_required: DF.Check
		report_sent_at: DF.Datetime | None
		report_sent_to: DF.Data | None
		requested_on: DF.Date | None
		schedule_key: DF.Data | None
		sequence: DF.Int
		status: DF.Literal["Open", "Overdue", "Done", "Cancelled"]
		steps: DF.Table[HEZOWorkOrderStep]
		suggested_changes: DF.TextEditor | None
		work_kind: DF.Data

	# end: auto-generated types
	def validate(self) -> None:
		scheduled_work.validate_work_order(self)
