"""Frappe stores Datetime fields as naive wall time in the site's time zone; the core wants aware
instants. These two functions are the only crossing point."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_datetime, get_system_timezone, now_datetime


def site_zone() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())


def aware(value: datetime | str | None) -> datetime | None:
	"""A stored value as an aware instant (the first occurrence in a repeated autumn hour)."""
	if not value:
		return None
	value = get_datetime(value)
	if value.tzinfo is not None:
		return value
	return value.replace(tzinfo=site_zone())


def stored(value: datetime | None) -> datetime | None:
	"""An aware instant as the site's naive wall time, to the second."""
	if value is None:
		return None
	return value.astimezone(site_zone()).replace(tzinfo=None, microsecond=0)


def now() -> datetime:
	return aware(now_datetime()).replace(microsecond=0)


__all__ = ["aware", "frappe", "now", "site_zone", "stored"]
