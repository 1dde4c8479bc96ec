"""The customer messages' Email Templates (core/messages.py names them), made from the shipped files
(templates/emails/customer/<event>.html, subjects in catalogue/customer_messages.json) when missing.
Staff edit them in the desk; a template that exists is never overwritten."""

from __future__ import annotations

import json

import frappe

from hezo_service.core.messages import TEMPLATES

# in_languages("...") is the text in each of the reporter's languages, "Polish / English"
SUBJECT = '[{{ ticket.name }}] {{ in_languages("%(text)s") }}'


def shipped(event: str) -> dict:
	subjects = json.loads(
		frappe.read_file(frappe.get_app_path("hezo_service", "catalogue", "customer_messages.json"))
	)
	body = frappe.read_file(
		frappe.get_app_path("hezo_service", "templates", "emails", "customer", f"{event}.html")
	)
	return {"subject": SUBJECT % {"text": subjects[event]}, "use_html": 1, "response_html": body}


def ensure_templates() -> list[str]:
	"""Insert the missing templates; the names inserted."""
	made = []
	for event, name in TEMPLATES.items():
		if frappe.db.exists("Email Template", name):
			continue
		frappe.get_doc({"doctype": "Email Template", "name": name, **shipped(event)}).insert(
			ignore_permissions=True
		)
		made.append(name)
	return made
