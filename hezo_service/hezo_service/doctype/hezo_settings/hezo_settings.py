# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_escalation_level.hezo_escalation_level import (
			HEZOEscalationLevel,
		)

		at_risk_percent: DF.Percent
		billing_item_code: DF.Data | None
		escalation_levels: DF.Table[HEZOEscalationLevel]
		escalation_mailbox: DF.Data | None
		expiring_days: DF.Int
		manager: DF.Link | None
		reminder_offsets: DF.Data | None
		team_lead: DF.Link | None
	# end: auto-generated types
	pass
