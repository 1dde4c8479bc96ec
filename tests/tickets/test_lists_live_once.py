"""Statuses, SLA states and clock columns are defined in the core; the DocType and the desk's list
take them from there (the list through `services/tickets/desk_boot.py`)."""

from __future__ import annotations

import json
import pathlib

import hezo_service
from hezo_service.core.tickets.flow import SLA_COLOURS, STATUS_COLOURS, STATUSES
from hezo_service.core.tickets.policy import CLOCKS, COMPUTED_COLUMNS, SLA_STATES, SUMMARY_COLUMNS

TICKET = pathlib.Path(hezo_service.__file__).parent / "hezo_service/doctype/hezo_ticket/hezo_ticket.json"


def field(name: str) -> dict:
	return next(f for f in json.loads(TICKET.read_text())["fields"] if f["fieldname"] == name)


def test_the_doctype_offers_the_cores_statuses_and_states():
	assert tuple(field("status")["options"].split("\n")) == STATUSES
	assert tuple(o for o in field("sla_state")["options"].split("\n") if o) == SLA_STATES


def test_every_status_and_state_has_a_colour():
	assert set(STATUS_COLOURS) == set(STATUSES)
	assert set(SLA_COLOURS) == set(SLA_STATES)


def test_every_clock_column_is_a_field():
	names = {f["fieldname"] for f in json.loads(TICKET.read_text())["fields"]}
	assert {*SUMMARY_COLUMNS, *COMPUTED_COLUMNS} <= names
	assert all(f"{clock}_due" in COMPUTED_COLUMNS for clock in CLOCKS)
