# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOSLAEvent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		at: DF.Datetime | None
		clock: DF.Literal["response", "follow_up", "verification", "delivery", "return"]
		due_after: DF.Datetime | None
		due_before: DF.Datetime | None
		event: DF.Literal[
			"Started", "Due changed", "Paused", "Resumed", "Met", "Breached", "Escalated", "Stopped"
		]
		note: DF.SmallText | None
		ticket: DF.Link
		user: DF.Link | None
	# end: auto-generated types
	pass
