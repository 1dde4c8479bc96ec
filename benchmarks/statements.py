"""Counting the SQL statements a piece of the app sends (shared by the benchmarks)."""

from __future__ import annotations

from collections import Counter

import frappe


class Statements:
	"""Counts every statement sent through frappe's cursor while active (COMMIT included)."""

	def __init__(self):
		self.queries: list[str] = []

	def __enter__(self):
		cursor = self._cursor = frappe.db._cursor
		original = cursor.execute

		def execute(query, args=None):
			self.queries.append(" ".join(str(query).split())[:60])
			return original(query, args)

		cursor.execute = execute
		return self

	def __exit__(self, *exc):
		del self._cursor.execute

	def shapes(self) -> Counter:
		return Counter(q.split(" where ")[0] for q in self.queries)
