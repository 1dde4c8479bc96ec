"""Every HEZO report through Frappe's read-replica path against the same report on the primary
(load_tests/replica_reports sets the site's replica to a SELECT-only account, so a report that wrote
would fail there). `compare()` answers, per report: its rows, whether they equal the primary's, and the
account the replica path connected as."""

from __future__ import annotations

import frappe
from frappe.desk.query_report import run


def compare() -> dict[str, dict]:
	reports = frappe.get_all(
		"Report", {"module": "HEZO Service", "report_type": "Script Report"}, pluck="name", order_by="name"
	)
	out = {}
	for name in reports:
		primary = _run(name, replica=False)
		replica = _run(name, replica=True)
		out[name] = {
			"rows": len(primary["result"]),
			"same": primary["result"] == replica["result"],
			"account": replica["account"],
		}
	return out


def _run(name: str, replica: bool) -> dict:
	# Frappe swaps to the replica once per request (`connect_replica`): each run here is a request of its own
	for attr in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attr):
			delattr(frappe.local, attr)
	frappe.local.conf.read_from_replica = int(replica)
	try:
		answer = run(name, filters={}, ignore_prepared_report=True)
	finally:
		frappe.local.conf.read_from_replica = 0
	used = getattr(frappe.local, "replica_db", None)
	return {"result": answer["result"], "account": used.user if used else None}
