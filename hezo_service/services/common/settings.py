"""The one reader of HEZO Settings: builds the core's value objects from the single doctype. The
defaults live in the core's value objects; a field left empty takes the core's default, an edited one
(even 0) is kept. install.py writes the same defaults (SETTINGS_DEFAULTS) and a test checks that the
DocType's JSON says the same (tests/test_settings_defaults.py)."""

from __future__ import annotations

from dataclasses import fields

import frappe

from hezo_service.core.rma.lifecycle import ReturnTerms
from hezo_service.core.rma.returns import ReturnPolicy

SETTINGS = "HEZO Settings"

# HEZO Settings field -> (value object, its attribute): the defaults are the value object's
RETURN_POLICY_FIELDS = {
	"return_reminder_days_before": "remind_days_before",
	"return_reminder_days_after": "remind_days_after",
	"return_charge_after_days": "charge_after_days",
}


def _config():
	return frappe.get_cached_doc(SETTINGS)


def _default(cls, attribute: str):
	return next(f.default for f in fields(cls) if f.name == attribute)


def return_policy() -> ReturnPolicy:
	config = _config()
	values = {}
	for field, attribute in RETURN_POLICY_FIELDS.items():
		value = config.get(field)
		values[attribute] = _default(ReturnPolicy, attribute) if value is None else int(value)
	return ReturnPolicy(**values)


def return_terms(plan: str | None) -> ReturnTerms:
	"""The plan's return clock (the catalogue's `return_days`) with the settings' reminders and charge."""
	from hezo_service.services.contracts.catalogue import get_catalogue

	days = get_catalogue().plan(plan).return_days if plan else None
	return ReturnTerms(return_days=int(days or _default(ReturnTerms, "return_days")), policy=return_policy())


def warehouse(field: str) -> str | None:
	return _config().get(field) or None


def repair_warehouse() -> str | None:
	return warehouse("rma_repair_warehouse")


def returns_warehouse() -> str | None:
	return warehouse("rma_returns_warehouse")


def company_currency(company: str | None = None) -> str | None:
	"""The company's currency (ERPNext's Company `default_currency`), for amounts that name none."""
	from erpnext import get_default_company

	name = company or get_default_company()
	return frappe.get_cached_value("Company", name, "default_currency") if name else None
