"""Contracts and the devices they cover: a device is covered by at most one contract on any day."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from hezo_service.core.portal import normalise_contract_no
from hezo_service.services.contracts.coverage import in_force, in_force_sql
from hezo_service.services.contracts.devices import sync_coverage

__all__ = [
	"insert_device_rows",
	"normalise_contract_no",
	"overlapping_contracts",
	"refresh_current_contracts",
	"validate",
]


def validate(contract) -> None:
	contract.contract_no = normalise_contract_no(contract.contract_no)
	if getdate(contract.end_date) < getdate(contract.start_date):
		frappe.throw(_("The contract cannot end before it starts."))
	devices = [row.device for row in contract.devices]
	duplicates = sorted({d for d in devices if devices.count(d) > 1})
	if duplicates:
		frappe.throw(_("Device {0} is listed twice.").format(", ".join(duplicates)))
	if not in_force(contract.status) or not devices:
		return
	overlapping = overlapping_contracts(devices, contract.start_date, contract.end_date, contract.name or "")
	if overlapping:
		row = overlapping[0]
		frappe.throw(
			_(
				"Device {0} is already covered by contract {1} in this period; a device has one contract a day."
			).format(row.device, row.contract)
		)


def overlapping_contracts(devices: list[str], start, end, exclude: str = "") -> list[frappe._dict]:
	"""The contracts in force that cover any of `devices` on some day from `start` to `end`:
	device, contract, start_date, end_date (one statement whatever the number of devices)."""
	if not devices:
		return []
	return frappe.db.sql(
		f"""select d.device, c.name as contract, c.start_date, c.end_date
		from `tabHEZO Contract Device` d
		join `tabHEZO Contract` c on c.name = d.parent and d.parenttype = 'HEZO Contract'
		where d.device in %(devices)s and c.name != %(name)s
			and {in_force_sql("c")}
			and c.start_date <= %(end)s and c.end_date >= %(start)s
		order by d.device, c.start_date""",
		{"devices": devices, "name": exclude, "start": start, "end": end},
		as_dict=True,
	)


def insert_device_rows(contract) -> None:
	"""Insert a new contract's device rows with one statement; each row then skips its own insert."""
	rows = contract.get("devices") or []
	if not rows:
		return
	columns = list(rows[0].get_valid_dict(convert_dates_to_str=True))
	frappe.db.bulk_insert(
		"HEZO Contract Device",
		columns,
		[[row.get_valid_dict(convert_dates_to_str=True).get(c) for c in columns] for row in rows],
		chunk_size=len(rows),
	)
	for row in rows:
		row.flags.inserted_with_parent = True


def refresh_current_contracts(contract, removing: bool = False) -> None:
	"""Restate the coverage of every device the contract names or named before this save (activation,
	renewal, cancellation, a device row moved): services/contracts/devices.py `sync_coverage`. A
	contract being deleted no longer covers (`removing`): its rows go before the restatement."""
	before = contract.get_doc_before_save()
	devices = {row.device for row in contract.devices} | {
		row.device for row in (before.devices if before else [])
	}
	if removing:
		frappe.db.delete("HEZO Contract Device", {"parent": contract.name, "parenttype": "HEZO Contract"})
	sync_coverage(devices)
