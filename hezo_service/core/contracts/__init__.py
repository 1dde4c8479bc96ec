"""Pure rules of the contract lifecycle (no Frappe import, no database): terms and their limits,
renewal dates, reactivation fees and proration in Decimal, contract years, quotas and the spreading
of scheduled work over business days (on the SLA core's calendars)."""

from hezo_service.core.contracts.coverage import COVERING_STATUSES, covers, in_force
from hezo_service.core.contracts.money import money, prorate
from hezo_service.core.contracts.quotas import QuotaUsage, quota_usage
from hezo_service.core.contracts.renewal import RenewalQuote, quote_renewal, reactivation_fee
from hezo_service.core.contracts.schedule import spread_over_year, work_schedule
from hezo_service.core.contracts.terms import (
	ContractRuleError,
	TermError,
	check_term,
	contract_year,
	contract_years,
	offered_terms,
	per_device_limit,
	term_end,
)

__all__ = [
	"COVERING_STATUSES",
	"ContractRuleError",
	"QuotaUsage",
	"RenewalQuote",
	"TermError",
	"check_term",
	"contract_year",
	"contract_years",
	"covers",
	"in_force",
	"money",
	"offered_terms",
	"per_device_limit",
	"prorate",
	"quota_usage",
	"quote_renewal",
	"reactivation_fee",
	"spread_over_year",
	"term_end",
	"work_schedule",
]
