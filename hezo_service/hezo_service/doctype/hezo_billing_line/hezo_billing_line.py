# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOBillingLine(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		billing_key: DF.Data | None
		contract: DF.Link | None
		currency: DF.Link | None
		description: DF.SmallText | None
		line_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Float
		rate: DF.Currency
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		source: DF.Literal["Renewal", "Reactivation fee", "Over quota", "Unreturned unit"]
	# end: auto-generated types
	pass
