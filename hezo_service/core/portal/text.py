"""Plain text as a customer types it, made safe to store (docs/security.md, "Stored text").

Frappe sanitises markup on save, but skips a value that parses as JSON (`"<img onerror=...>"` with
the quotes is stored raw) and keeps an allow-list of tags. A subject, a reason, a name or a note is
plain text wherever it is shown (the desk, e-mails, reports, exports, print formats), so markup in it
is removed whatever its shape: tags until none is left (nested payloads rebuild a tag once the inner
one is gone), then any `<` or `>` left over as the entity Frappe's own sanitiser would write."""

from __future__ import annotations

import re

TAG = re.compile(r"<[^<>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str | None) -> str:
	"""`value` without markup and control characters (line breaks kept), stripped."""
	text = CONTROL.sub("", value or "")
	while True:
		stripped = TAG.sub("", text)
		if stripped == text:
			break
		text = stripped
	return text.replace("<", "&lt;").replace(">", "&gt;").strip()


def one_line(value: str | None) -> str:
	"""A subject or a name: `plain_text` on one line (a folded or pasted line break becomes a space)."""
	return " ".join(plain_text(value).split())
