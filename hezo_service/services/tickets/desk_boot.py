"""What the desk's ticket list needs from the core (hook `boot_session`): its statuses, SLA states
and their colours, and the clock columns, so the list view writes none of them again."""

from __future__ import annotations

from hezo_service.core.tickets.flow import SLA_COLOURS, STATUS_COLOURS
from hezo_service.core.tickets.policy import SUMMARY_COLUMNS


def boot_session(bootinfo) -> None:
	bootinfo.hezo_ticket = {
		"status_colours": STATUS_COLOURS,
		"sla_colours": SLA_COLOURS,
		"columns": ["status", "escalation_level", *SUMMARY_COLUMNS],
	}
