"""The catalogue from the site's documents, through the core's own loader.

The built Catalogue (with its laid-out calendars) is reused within a process while the version
token in Redis is unchanged; saving a calendar or a plan changes the token, so every worker rebuilds
from the database on its next use. Nothing else is kept between requests."""

from __future__ import annotations

from collections import defaultdict

import frappe

from hezo_service.core.sla.catalogue import Catalogue, ClockRules

VERSION_KEY = "hezo_service:catalogue_version"
_built: dict[str, tuple[str, Catalogue]] = {}

CHILD_TABLES = {
	"HEZO Calendar": {"intervals": "HEZO Calendar Interval", "closed_dates": "HEZO Calendar Closed Date"},
	"HEZO Service Plan": {
		"priorities": "HEZO Plan Priority",
		"quotas": "HEZO Plan Quota",
		"scheduled_work": "HEZO Plan Scheduled Work",
	},
}


def _documents(doctype: str) -> list[dict]:
	docs = {d.name: dict(d) for d in frappe.get_all(doctype, fields=["*"], order_by="name")}
	for fieldname, child in CHILD_TABLES[doctype].items():
		rows = defaultdict(list)
		for row in frappe.get_all(
			child, filters={"parenttype": doctype, "parentfield": fieldname}, fields=["*"], order_by="idx"
		):
			rows[row.parent].append(dict(row))
		for name, doc in docs.items():
			doc[fieldname] = rows.get(name, [])
	return list(docs.values())


def get_catalogue() -> Catalogue:
	version = frappe.cache.get_value(VERSION_KEY) or "0"
	site = frappe.local.site
	cached = _built.get(site)
	if cached and cached[0] == version:
		return cached[1]
	catalogue = Catalogue.from_documents(_documents("HEZO Calendar"), _documents("HEZO Service Plan"))
	_built[site] = (version, catalogue)
	return catalogue


def rules_for(plan: str, priority: str) -> ClockRules:
	return get_catalogue().rules(plan, priority)


def catalogue_changed() -> None:
	"""Called when a calendar or plan is saved: a new token now (this process) and after commit
	(the others must not rebuild from data that is not committed yet)."""

	def bump() -> None:
		frappe.cache.set_value(VERSION_KEY, frappe.generate_hash(length=12))

	bump()
	frappe.db.after_commit.add(bump)
