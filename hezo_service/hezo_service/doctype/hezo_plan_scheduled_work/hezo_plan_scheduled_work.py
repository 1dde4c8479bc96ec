# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOPlanScheduledWork(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		checklist: DF.SmallText | None
		optional: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		per_contract_year: DF.Int
		report_required: DF.Check
		work_kind: DF.Data
	# end: auto-generated types
	pass
