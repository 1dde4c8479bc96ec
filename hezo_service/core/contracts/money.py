"""Money as Polish invoices round it: Decimal, to the grosz (0.01), half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

GROSZ = Decimal("0.01")


def money(value: Decimal | int | float | str | None) -> Decimal:
	"""Any amount as Decimal rounded to the grosz, half up. Floats go through their shortest repr
	(0.1 stays 0.1, not 0.1000000000000000055...), None is zero."""
	if value is None or value == "":
		return Decimal("0.00")
	if isinstance(value, float):
		value = repr(value)
	return Decimal(value).quantize(GROSZ, rounding=ROUND_HALF_UP)


def prorate(amount: Decimal | int | float | str, days: int, total_days: int) -> Decimal:
	"""The share of `amount` for `days` out of `total_days`, rounded once at the end."""
	if total_days <= 0:
		raise ValueError("total_days must be positive")
	if days < 0:
		raise ValueError("days cannot be negative")
	exact = Decimal(repr(amount) if isinstance(amount, float) else amount) * days / total_days
	return money(exact)
