"""Tax ids as the desk reads them: NIP, EU VAT numbers of partners, customers sharing a NIP."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezo_service.core.customers.tax_ids import (
	TaxIdKind,
	choose_end_customer,
	classify,
	end_customer_may_carry,
	normalise_tax_id,
	partner_may_carry,
	shared,
)


@pytest.mark.parametrize("nip", ["5260250995", "PL 526-025-09-95", "pl5260250995", " 526 025 09 95 "])
def test_a_nip_in_any_form_is_a_nip(nip):
	assert classify(nip) is TaxIdKind.NIP
	assert end_customer_may_carry(nip) and partner_may_carry(nip)


@pytest.mark.parametrize(
	"vat",
	[
		"SK2020317068",
		"sk 2020317068",
		"CZ25123891",
		"DE136695976",
		"HU12892312",
		"ATU13585627",
		"EL094259216",
	],
)
def test_eu_vat_numbers_of_other_countries_are_partners_ids_not_nips(vat):
	assert classify(vat) is TaxIdKind.EU_VAT
	assert partner_may_carry(vat)
	assert not end_customer_may_carry(vat)


@pytest.mark.parametrize(
	"bad",
	[
		"5260250996",  # a NIP with a typo
		"PL 526-025-09-96",
		"2020317068",  # a Slovak number without its prefix is read as a NIP
		"CZ12345678",  # wrong check digit
		"DE123456789",
		"123",
	],
)
def test_invalid_ids_are_refused_for_partners(bad):
	assert classify(bad) is TaxIdKind.INVALID
	assert not partner_may_carry(bad)
	assert not end_customer_may_carry(bad)


def test_outside_the_eu_is_not_ours_to_judge_and_none_is_fine():
	assert classify("CHE-116.281.710 MWST") is TaxIdKind.OUTSIDE_EU
	assert partner_may_carry("GB980780684")
	for empty in (None, "", "  "):
		assert classify(empty) is TaxIdKind.NONE
		assert partner_may_carry(empty)
		assert not end_customer_may_carry(empty)


@given(st.text(max_size=20))
def test_classify_never_raises(text):
	assert isinstance(classify(text), TaxIdKind)


def test_shared_nips_keep_their_customers_in_order():
	pairs = [("A", "5260250995"), ("B", None), ("C", "5260250995"), ("D", "7740001454"), ("E", "")]
	assert shared(pairs) == {"5260250995": ["A", "C"]}
	assert shared([]) == {}


def test_the_only_customer_or_the_only_one_with_a_contract_is_meant():
	assert choose_end_customer(["A"], []) == ("A", [])
	assert choose_end_customer([], []) == (None, [])
	assert choose_end_customer(["A", "B", "C"], ["B"]) == ("B", [])


def test_otherwise_staff_choose_and_their_choice_must_carry_the_nip():
	assert choose_end_customer(["A", "B"], []) == (None, ["A", "B"])
	assert choose_end_customer(["A", "B", "C"], ["A", "C"]) == (None, ["A", "C"])
	assert choose_end_customer(["A", "B"], ["A"], chosen="B") == ("B", [])
	assert choose_end_customer(["A", "B"], [], chosen="Z") == (None, [])


def test_a_partners_tax_id_compares_as_its_nip_or_its_compact_eu_vat_number():
	assert normalise_tax_id("PL 526-025-09-95") == normalise_tax_id("5260250995") == "5260250995"
	assert normalise_tax_id("sk 2020 317 068") == normalise_tax_id("SK2020317068") == "SK2020317068"
	assert normalise_tax_id("SK2020317069") is None  # a wrong check digit
	assert normalise_tax_id("US123456789") is None  # outside the EU: nothing to prove with
	assert normalise_tax_id("") is None
