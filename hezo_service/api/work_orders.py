"""Whitelisted endpoints of scheduled and requested work: a HEZO 360 deployment request, a work
order's report sent to the customer. Errors are 4xx with a message in the user's language."""

from __future__ import annotations

import frappe

from hezo_service.services.contracts import scheduled_work


@frappe.whitelist(methods=["POST"])
def request_deployment(contract: str, mode: str = "remote", requested_on=None) -> str:
	frappe.has_permission("HEZO Contract", "read", contract, throw=True)
	frappe.has_permission("HEZO Work Order", "create", throw=True)
	return scheduled_work.request_deployment(contract, mode, requested_on)


@frappe.whitelist(methods=["POST"])
def send_work_report(name: str) -> str:
	frappe.has_permission("HEZO Work Order", "write", name, throw=True)
	return scheduled_work.send_report(name)
