"""Whitelisted RMA endpoints for the desk (form buttons) and integrations. Permission checks are
Frappe's own (the caller needs write on the RMA); errors are 4xx with a translated message."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.common.timezone import now, stored
from hezo_service.services.rma import spare_stock


def _rma(name: str):
	rma = frappe.get_doc("HEZO RMA", name)
	rma.check_permission("write")
	return rma


def _summary(rma) -> dict:
	fields = (
		"status",
		"spare_unit",
		"replacement_serial",
		"replacement_device",
		"return_due",
		"return_status",
	)
	return {"name": rma.name, **{f: rma.get(f) for f in fields}}


@frappe.whitelist(methods=["POST"])
def create_rma(ticket: str, replacement_source: str = "Spare stock", warehouse: str | None = None) -> dict:
	frappe.has_permission("HEZO RMA", "create", throw=True)
	rma = frappe.get_doc(
		{
			"doctype": "HEZO RMA",
			"ticket": ticket,
			"replacement_source": replacement_source,
			"warehouse": warehouse,
		}
	).insert()
	return _summary(rma)


@frappe.whitelist(methods=["POST"])
def reserve(rma: str) -> dict:
	doc = _rma(rma)
	spare_stock.reserve(doc.name)
	doc.reload()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def mark_delivered(rma: str, delivered_at: str | None = None) -> dict:
	doc = _rma(rma)
	doc.delivered_at = delivered_at or stored(now())
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def issue_return_waybill(
	rma: str, return_waybill: str, return_carrier: str, return_destination: str = "Desk"
) -> dict:
	doc = _rma(rma)
	if not (return_waybill or "").strip():
		frappe.throw(_("Give the return waybill number."))
	doc.return_waybill, doc.return_carrier = return_waybill.strip(), return_carrier
	doc.return_destination = return_destination
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def receive_return(rma: str, condition: str, received_at: str | None = None) -> dict:
	doc = _rma(rma)
	doc.return_condition = condition
	doc.return_received_at = received_at or stored(now())
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def send_to_repair(rma: str, sent_at: str | None = None) -> dict:
	doc = _rma(rma)
	doc.sent_to_repair_at = sent_at or stored(now())
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def restock(serial_no: str, model: str, warehouse: str, source: str = "Repaired") -> dict:
	"""Posts a Stock Entry: the caller needs ERPNext's own permission to make one."""
	frappe.has_permission("Stock Entry", "create", throw=True)
	return {"name": spare_stock.restock(serial_no, model, warehouse, source)}


@frappe.whitelist(methods=["GET"])
def download_pdf(rma: str, print_format: str) -> None:
	from hezo_service.services.rma.rma_documents import render_pdf

	frappe.local.response.filename = f"{rma} {print_format}.pdf"
	frappe.local.response.filecontent = render_pdf(rma, print_format)
	frappe.local.response.type = "pdf"
