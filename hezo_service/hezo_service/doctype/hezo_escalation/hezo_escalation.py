# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.common import customer_text


class HEZOEscalation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		at: DF.Datetime | None
		by_user: DF.Link | None
		clock: DF.Literal["response", "follow_up", "delivery", "manual"]
		escalation_key: DF.Data | None
		kind: DF.Literal["Automatic", "Manual"]
		level: DF.Int
		notified: DF.SmallText | None
		reason: DF.SmallText | None
		sent_at: DF.Datetime | None
		ticket: DF.Link

	# end: auto-generated types
	def validate(self) -> None:
		customer_text.clean(self, ("reason",))
