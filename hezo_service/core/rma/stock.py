"""Spare stock against coverage: how many spare units a model needs, and whether it is low."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StockThresholds:
	"""How much spare stock a model needs (HEZO Settings override these defaults)."""

	min_units: int = 1
	min_percent: float = 5


@dataclass(frozen=True)
class StockLevel:
	model: str
	available: int
	covered: int
	required: int

	@property
	def low(self) -> bool:
		return self.available < self.required


def required_units(covered: int, min_units: int, min_percent: float | Decimal) -> int:
	"""Spare units a model needs: at least `min_units` (when any device of it is covered) and at least
	`min_percent` % of its covered devices, rounded up. A model nobody covers needs none."""
	if covered < 0 or min_units < 0 or min_percent < 0:
		raise ValueError("stock figures cannot be negative")
	if covered == 0:
		return 0
	by_share = math.ceil(Decimal(str(min_percent)) * covered / 100)
	return max(min_units, by_share)


def levels(
	available: dict[str, int], covered: dict[str, int], min_units: int, min_percent: float | Decimal
) -> list[StockLevel]:
	"""One row per model that is covered or stocked, sorted by model."""
	return [
		StockLevel(
			model,
			available.get(model, 0),
			covered.get(model, 0),
			required_units(covered.get(model, 0), min_units, min_percent),
		)
		for model in sorted(set(available) | set(covered))
	]


def alert_changes(current: list[StockLevel], open_alerts: set[str]) -> tuple[list[StockLevel], list[str]]:
	"""Once per crossing: models that just went low (raise) and alerts whose model recovered (clear)."""
	low = {level.model for level in current if level.low}
	raise_ = [level for level in current if level.low and level.model not in open_alerts]
	clear = sorted(model for model in open_alerts if model not in low)
	return raise_, clear
