"""A site's fingerprint for backup and restore checks: MariaDB's CHECKSUM TABLE of every HEZO table, a
digest of the custom fields HEZO adds, of every File row and of the files' bytes, and the invariant
checker's verdict. Two sites holding the same HEZO data give the same fingerprint."""

from __future__ import annotations

import hashlib
import os

import frappe

from hezo_service.services.common.invariants import check_all


def _digest(rows) -> str:
	return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()


def site_fingerprint() -> dict:
	tables = frappe.db.sql_list("show tables like 'tabHEZO%%'")
	out = {t: frappe.db.sql(f"checksum table `{t}`")[0][1] for t in sorted(tables)}
	out["custom fields"] = _digest(
		frappe.db.sql(
			"""select dt, fieldname, fieldtype, options from `tabCustom Field`
			where fieldname like 'hezo%%' order by dt, fieldname"""
		)
	)
	# HEZO's columns on ERPNext's own doctypes (Serial No coverage and genealogy, Customer NIP, …)
	by_doctype: dict[str, list[str]] = {}
	for dt, field in frappe.db.sql(
		"""select dt, fieldname from `tabCustom Field` where fieldname like 'hezo%%'
		and fieldtype not in ('Section Break', 'Column Break', 'Tab Break', 'HTML', 'Button', 'Table')"""
	):
		by_doctype.setdefault(dt, []).append(field)
	for dt, fields in sorted(by_doctype.items()):
		columns = ", ".join(f"`{f}`" for f in sorted(fields) if frappe.db.has_column(dt, f))
		if columns:
			out[f"{dt} hezo columns"] = _digest(
				frappe.db.sql(f"select name, {columns} from `tab{dt}` order by name")
			)
	files = frappe.db.sql(
		"select file_url, file_name, is_private, attached_to_doctype, attached_to_name from `tabFile` "
		"where ifnull(file_url, '') != '' order by file_url, name"
	)
	out["file rows"] = _digest(files)
	content = hashlib.sha256()
	for url, *_rest in files:
		path = frappe.get_site_path(url.lstrip("/")) if url.startswith("/private/") else None
		path = path or frappe.get_site_path("public", url.lstrip("/"))
		if url.startswith("/") and os.path.isfile(path):
			with open(path, "rb") as f:
				content.update(url.encode() + hashlib.sha256(f.read()).digest())
	out["file bytes"] = content.hexdigest()
	out["invariant violations"] = len(check_all())
	return out
