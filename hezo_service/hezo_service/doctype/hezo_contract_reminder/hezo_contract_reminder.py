# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOContractReminder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contract: DF.Link
		contract_end: DF.Date | None
		offset_days: DF.Int
		recipient: DF.Data | None
		recipient_role: DF.Literal["Partner", "Customer"]
		reminder_key: DF.Data | None
		sent_at: DF.Datetime | None
	# end: auto-generated types
	pass
