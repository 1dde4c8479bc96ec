"""Renewal reminders: e-mails to the partner and the end customer at HEZO Settings' offsets (days before
the end), each (contract, offset, recipient) sent once: its log row has a unique key and is written in
the same transaction as the queued e-mail."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, today

from hezo_service.services.common.customer_dates import customer_date
from hezo_service.services.contracts.coverage import covering_sql


def offsets() -> list[int]:
	value = frappe.db.get_single_value("HEZO Settings", "reminder_offsets") or "90,60,30,7"
	return sorted({int(v) for v in str(value).replace(";", ",").split(",") if v.strip().isdigit()})


def due_offset(days_left: int, offsets_: list[int]) -> int | None:
	"""The reminder due now: the smallest offset not before today (a contract made 20 days before its
	end gets the 30-day reminder, not the 90- and 60-day ones as well)."""
	return next((o for o in offsets_ if o >= days_left), None)


def _message(contract, lang: str) -> tuple[str, str]:
	subject = _("HEZO service contract {0} ends on {1}", lang=lang).format(
		contract.name, customer_date(contract.end_date)
	)
	body = _(
		"Service contract {0} ({1}) for {2} ends on {3}, in {4} days. Renew it before the end to keep the "
		"coverage continuous; a renewal after the end may carry a reactivation fee.",
		lang=lang,
	).format(contract.name, contract.plan, contract.customer_name, contract.end_date, contract.days_left)
	return subject, body


def send_renewal_reminders(on: date | str | None = None, commit: bool = True) -> int:
	"""Daily. One query picks the contracts ending within the longest offset that are not renewed."""
	on = getdate(on or today())
	offsets_ = offsets()
	if not offsets_:
		return 0
	candidates = frappe.db.sql(
		f"""select c.name, c.plan, c.end_date, datediff(c.end_date, %(on)s) as days_left,
			cu.customer_name, cu.email_id as customer_email, p.email_id as partner_email
		from `tabHEZO Contract` c
		join `tabCustomer` cu on cu.name = c.customer
		left join `tabCustomer` p on p.name = c.partner
		where {covering_sql("c", "%(on)s")} and c.renewed_to is null
			and c.end_date between %(on)s and %(last)s
		order by c.end_date, c.name""",
		{"on": on, "last": add_days(on, max(offsets_))},
		as_dict=True,
	)
	sent = 0
	for contract in candidates:
		offset = due_offset(contract.days_left, offsets_)
		for role, email in (("Partner", contract.partner_email), ("Customer", contract.customer_email)):
			if not email:
				continue
			key = f"{contract.name}|{offset}|{email.lower()}"
			if frappe.db.exists("HEZO Contract Reminder", {"reminder_key": key}):
				continue
			frappe.get_doc(
				{
					"doctype": "HEZO Contract Reminder",
					"contract": contract.name,
					"offset_days": offset,
					"recipient": email,
					"recipient_role": role,
					"reminder_key": key,
					"sent_at": now_datetime(),
					"contract_end": contract.end_date,
				}
			).insert(ignore_permissions=True)
			pl_subject, pl_body = _message(contract, "pl")
			en_subject, en_body = _message(contract, "en")
			frappe.sendmail(
				recipients=[email],
				subject=f"{pl_subject} / {en_subject}",
				message=f"<p>{pl_body}</p><hr><p>{en_body}</p>",
				reference_doctype="HEZO Contract",
				reference_name=contract.name,
			)
			sent += 1
		if commit:
			frappe.db.commit()
	return sent
