# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.common import customer_text
from hezo_service.services.contracts import quotas
from hezo_service.services.portal import scope
from hezo_service.services.tickets import ticket_flow, ticket_messages


class HEZOTicket(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_ticket_pause.hezo_ticket_pause import HEZOTicketPause

		agreed_by: DF.Data | None
		agreed_delivery_at: DF.Datetime | None
		agreed_on: DF.Datetime | None
		channel: DF.Literal["Phone", "E-mail", "Portal", "API"]
		clock_started_at: DF.Datetime | None
		closed_at: DF.Datetime | None
		contract: DF.Link | None
		contract_no: DF.Data | None
		customer: DF.Link | None
		delivered_at: DF.Datetime | None
		delivery_due: DF.Datetime | None
		delivery_kind: DF.Literal["", "hours", "nbd", "nbd_ship"]
		delivery_state: DF.Literal["", "Running", "Paused", "Met", "Breached"]
		description: DF.TextEditor | None
		device: DF.Link | None
		escalation_level: DF.Int
		first_response_at: DF.Datetime | None
		follow_up_due: DF.Datetime | None
		follow_up_state: DF.Literal["", "Running", "Paused", "Met", "Breached"]
		interview_done: DF.Check
		last_customer_message_at: DF.Datetime | None
		last_reply_at: DF.Datetime | None
		logs_received: DF.Check
		next_check_at: DF.Datetime | None
		pauses: DF.Table[HEZOTicketPause]
		plan: DF.Link | None
		priority: DF.Data | None
		quota_billable: DF.Check
		quota_contract_year: DF.Int
		quota_position: DF.Int
		reported_at: DF.Datetime | None
		reporter_email: DF.Data | None
		reporter_name: DF.Data | None
		reporter_phone: DF.Data | None
		request_kind: DF.Data | None
		resolved_at: DF.Datetime | None
		response_due: DF.Datetime | None
		response_state: DF.Literal["", "Running", "Paused", "Met", "Breached"]
		serial_no: DF.Data | None
		sla_state: DF.Literal["", "On track", "At risk", "Breached", "Met", "Paused"]
		status: DF.Literal[
			"Awaiting Details",
			"New",
			"In Progress",
			"Awaiting Customer",
			"Verification",
			"Confirmed",
			"Resolved",
			"Closed",
		]
		subject: DF.Data
		tests_done: DF.Check
		validity_confirmed_at: DF.Datetime | None
		validity_confirmed_by: DF.Link | None

	# end: auto-generated types
	CUSTOMER_TEXT = ("subject", "description", "reporter_name", "reporter_phone")

	def validate(self) -> None:
		customer_text.clean(self, self.CUSTOMER_TEXT)
		ticket_flow.validate(self)

	def on_update(self) -> None:
		ticket_flow.audit(self)
		quotas.take_quota_use(self)
		# the ticket's customer decides who sees its delivery proposals (portal scope's request cache)
		scope.forget_customers_of()
		ticket_messages.on_saved(self)

	def after_insert(self) -> None:
		ticket_flow.after_insert(self)
