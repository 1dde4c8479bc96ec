"""Database facts Frappe's API does not give."""

from __future__ import annotations

import frappe


def changed_rows() -> int:
	"""Rows the previous statement on this connection changed: MariaDB's ROW_COUNT(), instead of the
	private cursor Frappe keeps (`frappe.db._cursor.rowcount`)."""
	return int(frappe.db.sql("select row_count()")[0][0])
