"""Serials as a partner types them on an order."""

from hypothesis import given
from hypothesis import strategies as st

from hezo_service.core.contracts.sales import parse_serials, repeated_serials


def test_one_per_line_commas_semicolons_and_spaces_all_separate():
	assert parse_serials("fg100f001\n FG100F002, fg100f003;FG100F004  fg100f005") == [
		"FG100F001",
		"FG100F002",
		"FG100F003",
		"FG100F004",
		"FG100F005",
	]


def test_nothing_typed_is_no_serial():
	assert parse_serials(None) == []
	assert parse_serials(" ,;\n") == []


def test_a_serial_typed_twice_is_kept_once_and_pointed_out():
	text = "A1, b2\na1"
	assert parse_serials(text) == ["A1", "B2"]
	assert repeated_serials(text) == ["A1"]
	assert repeated_serials("A1 B2") == []


serial = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12)


@given(st.lists(serial, max_size=20), st.sampled_from(["\n", ", ", ";", " \n "]))
def test_parsing_keeps_every_serial_once_in_order(serials, separator):
	parsed = parse_serials(separator.join(s.lower() for s in serials))
	assert parsed == list(dict.fromkeys(serials))
