# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOStockAlert(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alert_key: DF.Data
		available: DF.Int
		cleared_at: DF.Datetime | None
		covered: DF.Int
		model: DF.Data
		raised_at: DF.Datetime | None
		required: DF.Int
		status: DF.Literal["Open", "Cleared"]
	# end: auto-generated types
	pass
