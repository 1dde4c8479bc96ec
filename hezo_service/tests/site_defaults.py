"""A site left with English defaults for a test: what ERPNext's setup wizard may leave (English,
mm-dd-yyyy, times with seconds) on a site the portal must still show in Polish."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe

ENGLISH_SITE = {"language": "en", "date_format": "mm-dd-yyyy", "time_format": "HH:mm:ss"}


def _apply(values: dict) -> None:
	settings = frappe.get_single("System Settings")
	settings.update(values)
	settings.flags.ignore_permissions = True
	settings.save()  # also Frappe's defaults (`language`, `lang`, `date_format`) that new documents use
	# what a new request starts from: formats read again, the site's language
	frappe.local.user_date_format = None
	frappe.local.user_time_format = None
	frappe.local.lang = settings.language


@contextmanager
def english_site() -> Iterator[None]:
	settings = frappe.get_single("System Settings")
	before = {key: settings.get(key) for key in ENGLISH_SITE}
	_apply(ENGLISH_SITE)
	try:
		yield
	finally:
		_apply(before)
