# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.pl import nip


def normalise_nip(value: str | None) -> str:
	"""The NIP as 10 digits ("PL 123-456-32-18" -> "1234563218"), or a clear error."""
	try:
		return nip.validate(nip.compact(value or ""))
	except NumberInvalid:
		frappe.throw(
			_("{0} is not a valid NIP (Polish tax id: 10 digits with a check digit).").format(value or "-")
		)


class HEZOCustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		customer_name: DF.Data
		email: DF.Data | None
		is_active: DF.Check
		nip: DF.Data
		phone: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		self.nip = normalise_nip(self.nip)
		duplicate = frappe.db.get_value("HEZO Customer", {"nip": self.nip, "name": ["!=", self.name]})
		if duplicate:
			frappe.throw(
				_("NIP {0} already belongs to customer {1}.").format(self.nip, duplicate),
				frappe.DuplicateEntryError,
			)
