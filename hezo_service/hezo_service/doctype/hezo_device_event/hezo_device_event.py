# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZODeviceEvent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		at: DF.Datetime
		contract: DF.Link | None
		device: DF.Link
		event: DF.Literal[
			"Replaced by",
			"Replaces",
			"Coverage moved in",
			"Coverage moved out",
			"Shipped",
			"Delivered",
			"Returned",
			"Re-entered stock",
		]
		note: DF.SmallText | None
		other_device: DF.Link | None
		rma: DF.Link | None
		user: DF.Link | None
	# end: auto-generated types
	pass
