"""The serial numbers of the covered devices as a partner types them on an order: one per line, or
separated by commas, semicolons or spaces; compared the way intake and sign-up compare them."""

from __future__ import annotations

import re

from hezo_service.core.portal import normalise_serial

_SEPARATORS = re.compile(r"[\s,;]+")


def parse_serials(text: str | None) -> list[str]:
	"""The serials in order of first appearance, normalised; empty pieces dropped."""
	seen: dict[str, None] = {}
	for piece in _SEPARATORS.split(text or ""):
		serial = normalise_serial(piece)
		if serial:
			seen.setdefault(serial, None)
	return list(seen)


def repeated_serials(text: str | None) -> list[str]:
	"""Serials typed more than once on one line (a partner's slip the order should point out)."""
	counts: dict[str, int] = {}
	for piece in _SEPARATORS.split(text or ""):
		serial = normalise_serial(piece)
		if serial:
			counts[serial] = counts.get(serial, 0) + 1
	return [s for s, n in counts.items() if n > 1]
