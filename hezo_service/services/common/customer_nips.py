"""The normalised NIP of every Customer (`hezo_nip`, filled from `tax_id`) and what the desk should know
about the customer master: customers sharing a NIP, tax ids that are not valid. Read by the migration
patch and the desk report "HEZO Customer Tax IDs"; nothing here refuses or rewrites `tax_id`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import frappe

from hezo_service.core.customers.tax_ids import TaxIdKind, classify, shared
from hezo_service.core.portal import normalise_nip

CHUNK = 500


def fill_nips() -> int:
	"""`hezo_nip` from `tax_id` for every Customer whose value differs: the number of rows written (0 on a
	second run). Written past the controller (no `modified` change): the field is derived, not an edit."""
	rows = frappe.db.sql("select name, tax_id, hezo_nip from `tabCustomer`", as_dict=True)
	wanted = ((r.name, normalise_nip(r.tax_id), r.hezo_nip or None) for r in rows)
	changes = [(name, nip) for name, nip, stored in wanted if nip != stored]
	for start in range(0, len(changes), CHUNK):
		chunk = changes[start : start + CHUNK]
		cases = " ".join(["when %s then %s"] * len(chunk))
		values = [v for name, nip in chunk for v in (name, nip)] + [tuple(name for name, _nip in chunk)]
		frappe.db.sql(f"update `tabCustomer` set hezo_nip = case name {cases} end where name in %s", values)
	return len(changes)


@dataclass(frozen=True)
class Finding:
	customer: str
	customer_name: str
	tax_id: str | None
	nip: str | None
	partner: bool
	contracts: int
	problem: str  # "shared", "invalid" or "no_nip"
	shared_with: tuple[str, ...] = ()


def findings() -> list[Finding]:
	"""Enabled end customers sharing a NIP (what a sale naming that NIP meets), tax ids that are neither
	a NIP nor a valid EU VAT number, and end customers with HEZO contracts but no valid NIP."""
	rows = frappe.db.sql(
		"""select name, customer_name, tax_id, hezo_nip, hezo_is_partner, disabled from `tabCustomer`
		order by creation, name""",
		as_dict=True,
	)
	contracts = dict(
		frappe.db.sql(
			"""select customer, count(*) from `tabHEZO Contract`
			where status != 'Cancelled' and ifnull(customer, '') != '' group by customer"""
		)
	)
	by_nip = shared((r.name, r.hezo_nip) for r in rows if not r.hezo_is_partner and not r.disabled)
	found = []
	for r in rows:
		problem, others = None, ()
		kind = classify(r.tax_id)
		if r.hezo_nip in by_nip and r.name in by_nip[r.hezo_nip]:
			problem, others = "shared", tuple(c for c in by_nip[r.hezo_nip] if c != r.name)
		elif kind is TaxIdKind.INVALID:
			problem = "invalid"
		elif not r.hezo_is_partner and contracts.get(r.name) and kind is not TaxIdKind.NIP:
			problem = "no_nip"
		if problem:
			found.append(
				Finding(
					customer=r.name,
					customer_name=r.customer_name,
					tax_id=r.tax_id,
					nip=r.hezo_nip,
					partner=bool(r.hezo_is_partner),
					contracts=int(contracts.get(r.name) or 0),
					problem=problem,
					shared_with=others,
				)
			)
	return found


def fill_and_report() -> str:
	"""Fill every Customer's `hezo_nip` and say what the desk report will list (the migration and
	install-app print it; neither fails on it)."""
	filled = fill_nips()
	problems = Counter(f.problem for f in findings())
	return (
		f"hezo_service: normalised NIP written for {filled} customer(s); {problems['shared']} share a NIP "
		f"with another end customer, {problems['invalid']} have a tax id that is not valid, "
		f"{problems['no_nip']} have HEZO contracts but no valid NIP (desk report: HEZO Customer Tax IDs)."
	)
