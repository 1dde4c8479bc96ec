# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOPlanPriority(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delivery_cutoff: DF.Time | None
		delivery_hours: DF.Float
		delivery_kind: DF.Literal["", "hours", "nbd", "nbd_ship"]
		description_en: DF.SmallText | None
		description_pl: DF.SmallText | None
		follow_up_hours: DF.Float
		label_en: DF.Data | None
		label_pl: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		priority: DF.Data
		request_calendar: DF.Link
		response_hours: DF.Float
	# end: auto-generated types
	pass
