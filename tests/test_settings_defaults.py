"""Every default of HEZO Settings lives once, in the core's value objects (core/settings.py gathers
them): the DocType's JSON says the same, and install.py takes its values from the core."""

from __future__ import annotations

import ast
import json
import pathlib

import pytest

import hezo_service
from hezo_service.core import settings
from hezo_service.core.contracts.expiry import ExpiryTerms, parse_offsets
from hezo_service.core.rma.lifecycle import ReturnTerms
from hezo_service.core.rma.returns import ReturnPolicy
from hezo_service.core.sla.calendar import DEFAULT_CALENDAR

APP = pathlib.Path(hezo_service.__file__).parent
SETTINGS_JSON = APP / "hezo_service" / "doctype" / "hezo_settings" / "hezo_settings.json"


def json_defaults() -> dict[str, str | None]:
	doctype = json.loads(SETTINGS_JSON.read_text(encoding="utf-8"))
	return {f["fieldname"]: f.get("default") for f in doctype["fields"] if "fieldname" in f}


@pytest.mark.parametrize("field", sorted(settings.DEFAULTS))
def test_the_doctype_json_default_is_the_cores(field):
	written = json_defaults()[field]
	value = settings.DEFAULTS[field]
	if isinstance(value, str):
		assert written == value
	else:
		assert float(written) == float(value)


def test_the_defaults_are_the_rules():
	assert settings.DEFAULTS["return_charge_after_days"] == 14
	assert settings.DEFAULTS["at_risk_percent"] == 75
	assert settings.DEFAULTS["expiring_days"] == 60
	assert settings.DEFAULTS["reminder_offsets"] == "90,60,30,7"
	assert ReturnTerms().return_days == 7
	assert ReturnTerms().policy == ReturnPolicy()
	assert DEFAULT_CALENDAR == "8x5"


def test_install_takes_the_settings_defaults_from_the_core():
	"""No literal default in install.py: its RMA defaults are a selection of core.settings.DEFAULTS."""
	tree = ast.parse((APP / "install.py").read_text(encoding="utf-8"))
	assigned = {
		target.id: node.value
		for node in ast.walk(tree)
		if isinstance(node, ast.Assign)
		for target in node.targets
		if isinstance(target, ast.Name)
	}
	assert "DEFAULTS" in ast.unparse(assigned["RMA_SETTINGS_DEFAULTS"])
	assert not [
		n
		for n in ast.walk(assigned["RMA_SETTINGS_DEFAULTS"])
		if isinstance(n, ast.Constant) and isinstance(n.value, int)
	]


def test_reminder_offsets_as_typed():
	assert parse_offsets("7; 30,90 ,x,60") == (7, 30, 60, 90)
	assert parse_offsets("") == tuple(sorted(ExpiryTerms().reminder_offsets))
	assert parse_offsets(None) == (7, 30, 60, 90)
	assert ExpiryTerms(reminder_offsets=(30, 7)).offsets_text == "30,7"
