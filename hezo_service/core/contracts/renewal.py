"""Renewals: the new term continues the old one without a gap; a late renewal pays the lapsed days
(they are part of the new term) and, after the plan's grace period, a reactivation fee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hezo_service.core.contracts.money import money, prorate
from hezo_service.core.contracts.terms import ContractRuleError, term_end


@dataclass(frozen=True)
class RenewalQuote:
	new_start: date
	new_end: date
	renewal_price: Decimal
	lapsed_days: int  # days between the old end and the renewal, 0 when renewed in time
	lapsed_value: Decimal  # the part of the renewal price that pays for the lapsed days
	reactivation_fee: Decimal
	total: Decimal

	@property
	def late(self) -> bool:
		return self.lapsed_days > 0


def reactivation_fee(
	renewal_price: Decimal | int | str,
	lapsed_days: int,
	percent: Decimal | int | float | str | None = 0,
	fixed: Decimal | int | float | str | None = 0,
	grace_days: int | None = 0,
) -> Decimal:
	"""percent % of the renewal price plus the fixed amount, when the renewal came more than
	`grace_days` after the end; never negative (negative settings count as zero)."""
	if lapsed_days <= (grace_days or 0) or lapsed_days <= 0:
		return money(0)
	pct = max(Decimal(0), Decimal(str(percent or 0)))
	fix = max(Decimal(0), money(fixed))
	base = max(Decimal(0), money(renewal_price))
	return money(base * pct / 100 + fix)


def quote_renewal(
	old_end: date,
	renewed_on: date,
	term_years: int,
	renewal_price: Decimal | int | str,
	fee_percent: Decimal | int | float | str | None = 0,
	fee_fixed: Decimal | int | float | str | None = 0,
	grace_days: int | None = 0,
) -> RenewalQuote:
	"""The renewed term starts the day after the old end, whenever the renewal is made."""
	price = money(renewal_price)
	if price < 0:
		raise ContractRuleError("a renewal price cannot be negative")
	new_start = old_end + timedelta(days=1)
	new_end = term_end(new_start, term_years)
	lapsed = max(0, (renewed_on - old_end).days)
	lapsed_value = prorate(price, min(lapsed, (new_end - new_start).days + 1), (new_end - new_start).days + 1)
	fee = reactivation_fee(price, lapsed, fee_percent, fee_fixed, grace_days)
	return RenewalQuote(new_start, new_end, price, lapsed, lapsed_value, fee, money(price + fee))
