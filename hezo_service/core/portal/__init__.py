"""Pure rules of the customer portal (no Frappe, no database): NIP comparison for sign-up, the
renewal state shown for a contract, the upload policy, the out-of-hours notice and how a clock's
remaining time reads. The Frappe side (`hezo_service.services.portal`) calls these with plain values."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime

from stdnum.exceptions import ValidationError as _NumberInvalid
from stdnum.pl import nip as _nip

# what a customer may attach to a ticket: device logs, configuration backups, screenshots, documents
ALLOWED_EXTENSIONS = frozenset(
	{
		"log",
		"txt",
		"csv",
		"json",
		"xml",
		"conf",
		"cfg",
		"zip",
		"gz",
		"tgz",
		"7z",
		"pdf",
		"png",
		"jpg",
		"jpeg",
	}
)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def normalise_nip(value: str | None) -> str | None:
	"""10 digits ("PL 526-025-09-95" -> "5260250995"), or None when it is not a valid NIP."""
	try:
		return _nip.validate(_nip.compact(value or ""))
	except _NumberInvalid:
		return None


def normalise_serial(value: str | None) -> str:
	return re.sub(r"\s+", "", value or "").upper()


def normalise_contract_no(value: str | None) -> str:
	return (value or "").strip().upper()


@dataclass(frozen=True)
class SignupItems:
	nip: str | None
	serial_no: str
	contract_no: str

	@property
	def complete(self) -> bool:
		return bool(self.nip and self.serial_no and self.contract_no)


def signup_items(nip: str | None, serial_no: str | None, contract_no: str | None) -> SignupItems:
	return SignupItems(normalise_nip(nip), normalise_serial(serial_no), normalise_contract_no(contract_no))


@dataclass(frozen=True)
class RenewalState:
	"""What the portal says about a contract's end. `state` is the contract's lifecycle status, lower
	case (active / expiring / lapsed / renewed / cancelled / draft), kept by the daily lifecycle job
	(`services.lifecycle.update_statuses`, HEZO Settings `expiring_days`): the portal does not compute
	its own expiring window. Only "not started" (active, its start still ahead) is the portal's.
	`days_left` counts to the end for a contract in force; `renewed_until` is the end of the contract
	that renews it (also when renewed before its end and still active)."""

	state: str
	days_left: int | None
	renewed_until: date | None = None


def renewal_state(
	status: str | None, start: date, end: date, today: date, renewed_until: date | None = None
) -> RenewalState:
	state = (status or "active").lower()
	if state == "active" and today < start:
		return RenewalState("not started", (end - today).days, renewed_until)
	left = (end - today).days if state in ("active", "expiring") and today <= end else None
	return RenewalState(state, left, renewed_until)


class UploadRefused(ValueError):
	"""An attachment the portal does not take: `reason` is "empty", "too_large" or "type"."""

	def __init__(self, reason: str, detail: str = "") -> None:
		super().__init__(f"{reason}: {detail}")
		self.reason = reason
		self.detail = detail


def check_upload(
	filename: str | None,
	size: int,
	max_bytes: int = MAX_UPLOAD_BYTES,
	allowed: frozenset[str] = ALLOWED_EXTENSIONS,
) -> str:
	"""The file name to store (base name only; anything but letters, digits, space, dot, dash and
	underscore becomes "_": Frappe's sanitiser would rewrite markup in a name into something it later
	cannot open), or UploadRefused."""
	name = os.path.basename((filename or "").replace("\\", "/")).strip()
	name = re.sub(r"[^\w .\-]", "_", name).strip(" .")
	if not name or size <= 0:
		raise UploadRefused("empty", name)
	if size > max_bytes:
		raise UploadRefused("too_large", name)
	extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
	if extension not in allowed:
		raise UploadRefused("type", extension or name)
	return name


def remaining(now: datetime, due: datetime | None) -> tuple[str, int, int] | None:
	"""How long until `due` (or since, when overdue) as ("left" | "overdue", hours, minutes),
	rounded down to the minute; None without a due time."""
	if due is None:
		return None
	seconds = int((due - now).total_seconds())
	sign = "left" if seconds >= 0 else "overdue"
	minutes = abs(seconds) // 60
	return sign, minutes // 60, minutes % 60


def out_of_hours(window_open: bool, response_due: datetime | None, reported: datetime) -> bool:
	"""The out-of-hours notice shows when the ticket came outside its priority's request window
	(the response clock then starts at the next opening, so it is due later than a window's
	target after the report)."""
	return not window_open and response_due is not None and response_due > reported
