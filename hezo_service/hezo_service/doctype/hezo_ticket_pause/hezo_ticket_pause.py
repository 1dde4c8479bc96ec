# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOTicketPause(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		clock: DF.Literal["response", "follow_up", "delivery"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		paused_at: DF.Datetime
		reason: DF.Data | None
		resumed_at: DF.Datetime | None
	# end: auto-generated types
	pass
