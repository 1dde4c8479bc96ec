# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZORMAReminder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		kind: DF.Literal["Before due", "Overdue", "Chargeable"]
		recipients: DF.SmallText | None
		reminder_key: DF.Data
		rma: DF.Link
		sent_at: DF.Datetime | None
	# end: auto-generated types
	pass
