# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class HEZOPortalAccess(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contract: DF.Link | None
		customer: DF.Link
		granted_at: DF.Datetime | None
		serial_no: DF.Data | None
		user: DF.Link

	# end: auto-generated types
	def validate(self) -> None:
		duplicate = frappe.db.get_value(
			"HEZO Portal Access",
			{"user": self.user, "customer": self.customer, "name": ["!=", self.name]},
		)
		if duplicate:
			frappe.throw(
				_("User {0} already has access to customer {1}.").format(self.user, self.customer),
				frappe.DuplicateEntryError,
			)


def on_doctype_update() -> None:
	frappe.db.add_unique("HEZO Portal Access", ["user", "customer"], constraint_name="unique_user_customer")
