"""Attempt budgets in Redis. Frappe's `rate_limit` keys on the URL's `cmd`, which /api/v2/method
leaves unset, so each route counted in a bucket of its own; these budgets are named by what they
protect, so every route to the same method spends the same budget."""

from __future__ import annotations

import frappe
from frappe import _


class TooManyAttempts(frappe.RateLimitExceededError):
	http_status_code = 429


def spend(budget: str, identity: str, limit: int, seconds: int) -> None:
	"""Count one attempt against (budget, identity); refuse with 429 once `limit` is used up within
	the window that started with the first attempt."""
	key = frappe.cache.make_key(f"hezo-budget:{budget}:{identity}")
	used = frappe.cache.incrby(key, 1)
	if used == 1:
		frappe.cache.expire(key, seconds)
	if used > limit:
		frappe.throw(
			_("Too many attempts. Try again later or call the service desk."),
			TooManyAttempts,
			title=_("Too many attempts"),
		)


def reset(budget: str) -> None:
	"""Forget every count of a budget (test set-up on a reused site)."""
	frappe.cache.delete_keys(f"hezo-budget:{budget}:")
