"""When a contract counts as expiring and when its renewal reminders go out (HEZO Settings override
these defaults: services/common/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExpiryTerms:
	expiring_days: int = 60  # a contract ending within this many days is "Expiring"
	reminder_offsets: tuple[int, ...] = (90, 60, 30, 7)  # days before the end, a reminder each

	@property
	def offsets_text(self) -> str:
		"""The offsets as HEZO Settings stores them ("90,60,30,7")."""
		return ",".join(str(o) for o in self.reminder_offsets)


def parse_offsets(text: str | None) -> tuple[int, ...]:
	"""Offsets as typed in HEZO Settings ("90, 60;30,7"), sorted; empty or nothing valid: the defaults."""
	found = sorted({int(v) for v in str(text or "").replace(";", ",").split(",") if v.strip().isdigit()})
	return tuple(found or sorted(ExpiryTerms.reminder_offsets))
