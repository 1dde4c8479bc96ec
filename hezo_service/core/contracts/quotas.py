"""Quotas per contract year (HEZO 360: 5 remote configuration changes): what is over is billable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuotaUsage:
	kind: str
	limit: int
	used: int

	@property
	def remaining(self) -> int:
		return max(0, self.limit - self.used)

	@property
	def over(self) -> int:
		return max(0, self.used - self.limit)

	def is_billable(self, position: int) -> bool:
		"""Whether the `position`-th use in the year (from 1) goes over the quota."""
		return position > self.limit


def quota_usage(kind: str, limit: int, used: int) -> QuotaUsage:
	if limit < 0 or used < 0:
		raise ValueError("quota limits and counts cannot be negative")
	return QuotaUsage(kind, limit, used)
