"""The defaults of HEZO Settings, each read from the core value object that holds it: the DocType's JSON
and install.py must say the same (tests/test_settings_defaults.py checks the JSON; install.py takes its
values from here), and services/common/settings.py builds the value objects from the saved values."""

from __future__ import annotations

from hezo_service.core.contracts.expiry import ExpiryTerms
from hezo_service.core.rma.returns import ReturnPolicy
from hezo_service.core.rma.stock import StockThresholds
from hezo_service.core.tickets.policy import Settings as TicketSettings

_RETURNS, _STOCK, _EXPIRY, _TICKETS = ReturnPolicy(), StockThresholds(), ExpiryTerms(), TicketSettings()

# HEZO Settings field -> its default
DEFAULTS: dict[str, int | float | str] = {
	"return_reminder_days_before": _RETURNS.remind_days_before,
	"return_reminder_days_after": _RETURNS.remind_days_after,
	"return_charge_after_days": _RETURNS.charge_after_days,
	"unreturned_unit_charge": 0,  # 0: finance prices the unit on the draft invoice
	"low_stock_min_units": _STOCK.min_units,
	"low_stock_min_percent": _STOCK.min_percent,
	"at_risk_percent": round(_TICKETS.at_risk_share * 100),
	"expiring_days": _EXPIRY.expiring_days,
	"reminder_offsets": _EXPIRY.offsets_text,
}
