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
		escalation_levels: DF.Table[HEZOEscalationLevel]
		escalation_mailbox: DF.Data | None
		expiring_days: DF.Int
		logistics_mailbox: DF.Data | None
		low_stock_min_percent: DF.Percent
		low_stock_min_units: DF.Int
		manager: DF.Link | None
		reminder_offsets: DF.Data | None
		return_charge_after_days: DF.Int
		return_reminder_days_after: DF.Int
		return_reminder_days_before: DF.Int
		team_lead: DF.Link | None
		unreturned_unit_charge: DF.Currency
	# end: auto-generated types
	pass
