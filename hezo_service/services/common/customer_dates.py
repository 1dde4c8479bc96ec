"""Dates and times a customer reads (portal pages, e-mails, refusals) follow Polish conventions,
dd.mm.yyyy and 24-hour HH:MM, whatever the site's System Settings say: the customers are Polish
companies, also when they read the portal in English. The desk keeps the site's formats."""

from __future__ import annotations

from datetime import date, datetime

from frappe.utils import format_date, format_datetime

DATE_FORMAT = "dd.mm.yyyy"  # Frappe's notation (format_date maps mm to the month)
DATETIME_FORMAT = "dd.MM.yyyy HH:mm"  # babel's notation (MM month, mm minutes)


def customer_date(value: date | datetime | str | None) -> str:
	return format_date(value, DATE_FORMAT) if value else ""


def customer_datetime(value: datetime | str | None) -> str:
	return format_datetime(value, DATETIME_FORMAT) if value else ""
