"""A site set up as the distributor runs it: ERPNext with a Polish company in PLN.

Used by `./dev up` (the demo site), `./run-tests` (a fresh test site each run) and the `before_tests`
hook, so a test site never inherits the defaults ERPNext's own test setup leaves (USD, English,
America/New_York). Idempotent: a site that already has a company keeps it; the system settings below
are set again (they are cheap and say what a Polish site looks like).
"""

import frappe
from frappe.utils import getdate, nowdate

COMPANY = "myHEZO Sp. z o.o."
ABBR = "HZ"
COUNTRY = "Poland"
CURRENCY = "PLN"
TIME_ZONE = "Europe/Warsaw"
LANGUAGE = "pl"
DATE_FORMAT = "dd.mm.yyyy"
TIME_FORMAT = "HH:mm"


def setup_distributor_site() -> str:
	"""Run ERPNext's setup wizard for the Polish distributor once; then keep the Polish defaults.

	Returns the company's name.
	"""
	if not frappe.db.a_row_exists("Company"):
		_run_setup_wizard()
	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")
	_polish_system_settings()
	_accounts_settings()
	_ensure_fiscal_year(company)
	_mail_accounts()
	frappe.db.commit()
	return company


def _run_setup_wizard() -> None:
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate(nowdate()).year
	frappe.local.lang = "en"  # the wizard's own record names (accounts, UOMs) are its English ones
	setup_complete(
		{
			"currency": CURRENCY,
			"full_name": "Administrator",
			"company_name": COMPANY,
			"company_abbr": ABBR,
			"timezone": TIME_ZONE,
			"country": COUNTRY,
			"industry": "Technology",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "Polski",
			"company_tagline": "Serwis HEZO",
			"email": "admin@myhezo.pl",
			"password": "admin",
			"chart_of_accounts": "Standard",
		}
	)


def _polish_system_settings() -> None:
	"""Polish defaults for everything that inherits from System Settings and Global Defaults."""
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"country": COUNTRY,
			"language": LANGUAGE,
			"time_zone": TIME_ZONE,
			"currency": CURRENCY,
			"date_format": DATE_FORMAT,
			"time_format": TIME_FORMAT,
			"number_format": "#.###,##",
			"first_day_of_the_week": "Monday",
		}
	)
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.set_default("currency", CURRENCY)
	frappe.db.set_single_value("Global Defaults", "default_currency", CURRENCY)
	frappe.db.set_single_value("Global Defaults", "country", COUNTRY)


def _accounts_settings() -> None:
	"""Contracts are billed in PLN or EUR: one receivable account per customer takes invoices in either
	currency (ERPNext refuses an EUR invoice against a PLN receivable account otherwise)."""
	frappe.db.set_single_value(
		"Accounts Settings", "allow_multi_currency_invoices_against_single_party_account", 1
	)


def _ensure_fiscal_year(company: str) -> None:
	"""Fiscal years from two years back to two ahead: back-dated contracts and renewals bill into them."""
	year = getdate(nowdate()).year
	for y in range(year - 2, year + 3):
		if frappe.db.exists("Fiscal Year", str(y)):
			continue
		if frappe.db.exists("Fiscal Year", {"year_start_date": f"{y}-01-01"}):
			continue
		fy = frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(y),
				"year_start_date": f"{y}-01-01",
				"year_end_date": f"{y}-12-31",
				"companies": [{"company": company}],
			}
		)
		fy.insert(ignore_permissions=True)


def _mail_accounts() -> None:
	"""pomoc@, escalation@ and the desk's sender on the project's mail servers or the distributor's
	(site config keys, docs/mail.md)."""
	from hezo_service.services.common.mail_accounts import set_up_mail_accounts

	set_up_mail_accounts()
