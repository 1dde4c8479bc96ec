"""Customer text stored without markup, whatever its shape (core/portal/text.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hezo_service.core.portal.text import one_line, plain_text

RAW_TAG = re.compile(r"<[A-Za-z!/?]")
PAYLOADS = [
	"<img src=x onerror=alert(1)>",
	'"<img src=x onerror=alert(1)>"',  # JSON: Frappe's sanitiser skips it
	'{"a": "<script>alert(1)</script>"}',
	"<scr<script>ipt>alert(1)</scr</script>ipt>",  # nested: a tag rebuilt once the inner one goes
	"<<img src=x onerror=alert(1)>img src=x onerror=alert(1)>",
	"&lt;script&gt;alert(1)&lt;/script&gt;",  # entities stay entities
	"<img src=x onerror=alert(1)",  # never closed
	"<svg/onload=alert(1)>",
]


def test_payloads_lose_their_markup():
	for payload in PAYLOADS:
		cleaned = plain_text(payload)
		assert not RAW_TAG.search(cleaned), (payload, cleaned)
		assert "onerror=alert(1)>" not in cleaned


def test_ordinary_text_is_kept():
	assert plain_text("  Awaria obrazu, temp > 50 C\\n") == "Awaria obrazu, temp &gt; 50 C\\n"
	assert plain_text("Brak obrazu na Rally Bar") == "Brak obrazu na Rally Bar"
	assert plain_text("linia 1\nlinia 2") == "linia 1\nlinia 2"
	assert plain_text(None) == ""
	assert plain_text("a\x00b\x1fc") == "abc"


def test_one_line_folds_breaks():
	assert one_line("Awaria\r\n  obrazu\t<b>pilne</b>") == "Awaria obrazu pilne"


@given(st.text())
def test_never_raw_markup_and_stable(value):
	cleaned = plain_text(value)
	assert not RAW_TAG.search(cleaned)
	assert plain_text(cleaned) == cleaned
