"""Tax ids as the service desk reads them. `tax_id` is the distributor's (its accountants' format,
read by invoices and VAT returns); the desk only reads it: an end customer is the 10-digit NIP in it,
a partner may carry any EU VAT number (docs/decisions.md, "Inside ERPNext: customers and partners")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from stdnum.eu import vat as _eu_vat

from hezo_service.core.portal import normalise_nip

# stdnum names Greece "gr"; its VAT numbers carry "EL" (and Northern Ireland "XI")
EU_VAT_PREFIXES = frozenset({cc.upper() for cc in _eu_vat.MEMBER_STATES} | {"EL"})


class TaxIdKind(Enum):
	NONE = "none"
	NIP = "nip"  # a valid Polish NIP, with or without PL and separators
	EU_VAT = "eu_vat"  # a valid VAT number of another EU country, with its country prefix
	OUTSIDE_EU = "outside_eu"  # a country prefix outside the EU: not ours to judge
	INVALID = "invalid"


def classify(tax_id: str | None) -> TaxIdKind:
	if not (tax_id or "").strip():
		return TaxIdKind.NONE
	if normalise_nip(tax_id):
		return TaxIdKind.NIP
	compact = re.sub(r"[\s.\-/]", "", tax_id or "").upper()
	prefix = compact[:2]
	if prefix in EU_VAT_PREFIXES or prefix == "GR":
		return TaxIdKind.EU_VAT if _eu_vat.is_valid(compact) else TaxIdKind.INVALID
	if len(prefix) == 2 and prefix.isalpha() and prefix.isascii():
		return TaxIdKind.OUTSIDE_EU
	# digits without a prefix are read as a NIP (a foreign number needs its country prefix)
	return TaxIdKind.INVALID


def partner_may_carry(tax_id: str | None) -> bool:
	"""A partner (a reseller anywhere in the EU): a NIP, an EU VAT number of its country, or none."""
	return classify(tax_id) is not TaxIdKind.INVALID


def end_customer_may_carry(tax_id: str | None) -> bool:
	"""An end customer the desk serves is identified by its NIP (sign-up proves it)."""
	return classify(tax_id) is TaxIdKind.NIP


def shared(nips: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
	"""(customer, normalised NIP) pairs -> each NIP that several customers carry, with those customers in
	the order given."""
	by_nip: dict[str, list[str]] = {}
	for customer, nip in nips:
		if nip:
			by_nip.setdefault(nip, []).append(customer)
	return {nip: customers for nip, customers in by_nip.items() if len(customers) > 1}


def choose_end_customer(
	candidates: list[str], with_contract: Iterable[str], chosen: str | None = None
) -> tuple[str | None, list[str]]:
	"""Which of the customers carrying a NIP a sale means: (the customer, []) or (None, the ones staff
	must choose from). Staff's choice wins when it carries the NIP; else the only one, or the only one
	with a HEZO contract. (None, []) when none carries it (or staff chose one that does not)."""
	if chosen:
		return (chosen, []) if chosen in candidates else (None, [])
	if len(candidates) <= 1:
		return (candidates[0] if candidates else None), []
	contracted = [c for c in candidates if c in set(with_contract)]
	if len(contracted) == 1:
		return contracted[0], []
	return None, contracted or list(candidates)


def normalise_tax_id(tax_id: str | None) -> str | None:
	"""A partner's tax id as compared: a NIP as its 10 digits (with or without PL), an EU VAT number
	compacted with its country prefix ("SK 2020 317 068" -> "SK2020317068"); None for anything else."""
	kind = classify(tax_id)
	if kind is TaxIdKind.NIP:
		return normalise_nip(tax_id)
	if kind is TaxIdKind.EU_VAT:
		return _eu_vat.compact(tax_id or "")
	return None
