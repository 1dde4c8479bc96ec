# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOEscalationLevel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		clock: DF.Literal["any", "response", "follow_up", "delivery"]
		level: DF.Int
		notify: DF.Literal["Assignee", "Team lead", "Manager and escalation mailbox"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		trigger: DF.Literal["Share of time used", "After the due time"]
		value: DF.Float
	# end: auto-generated types
	pass
