"""Scheduled work from each plan's schedule (QSP system care: inspection at least yearly; HEZO 360:
configuration and log review with a report and firmware upgrade, twice a year): work orders spread
over every contract year on business days, each with its checklist; HEZO 360 deployment requests."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from hezo_service.core.contracts import contract_years, work_schedule
from hezo_service.services.common.db import changed_rows
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.services.contracts.coverage import in_force, in_force_sql


class DeploymentError(frappe.ValidationError):
	http_status_code = 422


def _rows(plan: str, system_care: bool) -> list[dict]:
	rows = frappe.get_all(
		"HEZO Plan Scheduled Work",
		filters={"parent": plan, "parenttype": "HEZO Service Plan", "parentfield": "scheduled_work"},
		fields=["work_kind", "per_contract_year", "report_required", "optional", "checklist"],
		order_by="idx",
	)
	return [r for r in rows if r.per_contract_year and (not r.optional or system_care)]


HORIZON_DAYS = 366


def ensure_work_orders(contract, on: date | str | None = None) -> int:
	"""Create the missing work orders of the contract years that start within a year from `on` (a unique
	key per contract, kind, year and sequence: running again creates nothing); the daily job rolls the
	horizon forward (`work_scheduled_until`), so a long term is not planned decades ahead at once."""
	if isinstance(contract, str):
		contract = frappe.get_doc("HEZO Contract", contract)
	# work is planned for a contract that covers some day from now on
	if not in_force(contract.status) or getdate(contract.end_date) < getdate(on or today()):
		return 0
	rows = _rows(contract.plan, bool(contract.system_care))
	if not rows:
		return 0
	calendar_name = frappe.db.get_value("HEZO Service Plan", contract.plan, "business_day_calendar") or "8x5"
	calendar = get_catalogue().calendars[calendar_name]
	existing = set(
		frappe.get_all("HEZO Work Order", filters={"contract": contract.name}, pluck="schedule_key")
	)
	devices = ", ".join(row.device for row in contract.devices)
	start, end = getdate(contract.start_date), getdate(contract.end_date)
	horizon = getdate(add_days(on or today(), HORIZON_DAYS))
	years = [
		(i, first, last) for i, (first, last) in enumerate(contract_years(start, end), 1) if first <= horizon
	]
	created = 0
	for row in rows:
		for year, seq, day in work_schedule(
			calendar, start, end, row.per_contract_year, not_before=getdate(on or today())
		):
			key = f"{contract.name}|{row.work_kind}|{year}|{seq}"
			if key in existing or year > len(years):
				continue
			frappe.get_doc(
				{
					"doctype": "HEZO Work Order",
					"contract": contract.name,
					"work_kind": row.work_kind,
					"report_required": row.report_required,
					"status": "Open",
					"due_date": day,
					"contract_year": year,
					"sequence": seq,
					"schedule_key": key,
					"devices": devices,
					"steps": [{"step": s.strip()} for s in (row.checklist or "").splitlines() if s.strip()],
				}
			).insert(ignore_permissions=True)
			created += 1
	if years and str(contract.get("work_scheduled_until") or "") != str(years[-1][2]):
		contract.db_set("work_scheduled_until", years[-1][2], update_modified=False)
	return created


def schedule_missing(on: date | str | None = None, commit: bool = True) -> int:
	"""Daily: contracts in force whose plan schedules work and whose planned horizon falls short of a year
	ahead (one query): their next contract year's work orders (also contracts made by a data import)."""
	on = getdate(on or today())
	names = frappe.db.sql(
		f"""select c.name from `tabHEZO Contract` c
		where {in_force_sql("c")} and c.end_date >= %(on)s
			and exists (select 1 from `tabHEZO Plan Scheduled Work` w
				where w.parent = c.plan and w.parenttype = 'HEZO Service Plan' and w.per_contract_year > 0
					and (w.optional = 0 or c.system_care = 1))
			and (c.work_scheduled_until is null
				or (c.work_scheduled_until < c.end_date and c.work_scheduled_until < %(horizon)s))""",
		{"on": on, "horizon": add_days(on, HORIZON_DAYS)},
		pluck=True,
	)
	created = 0
	for name in names:
		created += ensure_work_orders(name, on)
		if commit:
			frappe.db.commit()
	return created


def mark_overdue(on: date | str | None = None) -> int:
	"""Daily: open work past its due date becomes Overdue (shown in the workspace)."""
	frappe.db.sql(
		"""update `tabHEZO Work Order` set status = 'Overdue'
		where status = 'Open' and due_date < %s""",
		getdate(on or today()),
	)
	return changed_rows()


def request_deployment(contract: str, mode: str = "remote", requested_on: date | str | None = None) -> str:
	"""A HEZO 360 deployment request: remote within the plan's 7 days, on-site within 14 (calendar
	days from the request, like the SLA core's deployment clock)."""
	if mode not in ("remote", "onsite"):
		frappe.throw(_("Deployment is remote or on-site."), DeploymentError)
	doc = frappe.get_doc("HEZO Contract", contract)
	days = frappe.db.get_value(
		"HEZO Service Plan",
		doc.plan,
		"deployment_remote_days" if mode == "remote" else "deployment_onsite_days",
	)
	if not days:
		frappe.throw(_("Plan {0} has no deployment service.").format(doc.plan), DeploymentError)
	requested_on = getdate(requested_on or today())
	return (
		frappe.get_doc(
			{
				"doctype": "HEZO Work Order",
				"contract": doc.name,
				"work_kind": f"deployment_{mode}",
				"status": "Open",
				"requested_on": requested_on,
				"due_date": add_days(requested_on, int(days)),
				"devices": ", ".join(row.device for row in doc.devices),
				"steps": [
					{"step": s}
					for s in (
						("Wywiad techniczny", "Przygotowanie szablonu", "Wdrożenie zdalne")
						if mode == "remote"
						else ("Wywiad techniczny", "Instalacja na miejscu", "Uruchomienie")
					)
				],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def validate_work_order(doc) -> None:
	"""Done needs the completion date and, for work with a written report, the findings."""
	if doc.status == "Done":
		doc.completed_on = doc.completed_on or today()
		if doc.report_required and not (doc.findings or "").strip():
			frappe.throw(_("This work needs a written report: fill in the findings before closing it."))


class WorkReportError(frappe.ValidationError):
	http_status_code = 409


def send_report(name: str) -> str:
	"""E-mail the work report PDF to the end customer, once (a second send is refused)."""
	from frappe.utils import now_datetime

	from hezo_service.services.common.pdf import render_pdf

	frappe.db.sql("select name from `tabHEZO Work Order` where name = %s for update", name)
	doc = frappe.get_doc("HEZO Work Order", name)
	if doc.status != "Done":
		frappe.throw(_("The report can be sent when the work is done."), WorkReportError)
	if doc.report_sent_at:
		frappe.throw(_("The report was already sent to {0}.").format(doc.report_sent_to), WorkReportError)
	email = frappe.db.get_value("Customer", doc.customer, "email_id")
	if not email:
		frappe.throw(_("The customer has no e-mail address."), WorkReportError)
	pdf = render_pdf("HEZO Work Order", doc.name, "HEZO Work Order Report")
	frappe.sendmail(
		recipients=[email],
		subject=f"Raport z prac serwisowych / Service work report {doc.name} ({doc.contract})",
		message=_("The report of the service work is attached.", lang="pl")
		+ "<hr>"
		+ _("The report of the service work is attached.", lang="en"),
		attachments=[{"fname": f"{doc.name}.pdf", "fcontent": pdf}],
		reference_doctype="HEZO Work Order",
		reference_name=doc.name,
	)
	doc.db_set({"report_sent_to": email, "report_sent_at": now_datetime()})
	return email
