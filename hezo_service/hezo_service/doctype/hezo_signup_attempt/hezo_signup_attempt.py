# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOSignupAttempt(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		at: DF.Datetime | None
		contract_no: DF.Data | None
		customer: DF.Link | None
		email: DF.Data | None
		ip: DF.Data | None
		nip: DF.Data | None
		result: DF.Literal["Accepted", "Refused", "Linked"]
		serial_no: DF.Data | None
		user: DF.Link | None

	# end: auto-generated types
	pass
