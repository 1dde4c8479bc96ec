"""What an incoming e-mail means for the desk, from what Frappe's parser read out of it: whether it is
automatic (never a ticket, never answered), when the distributor's server received it, the text the
customer wrote in it (not what they quoted), and the serial and contract numbers that text names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

AUTOMATIC_PRECEDENCE = frozenset({"bulk", "auto_reply", "list", "junk"})
BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster"})


def automatic_reason(
	headers: Mapping[str, str], sender: str | None, own_addresses: Iterable[str]
) -> str | None:
	"""Why a mail must start nothing and get no answer (RFC 3834 and the de facto headers), or None.
	`headers` has lower-case names."""
	sender = (sender or "").strip().lower()
	if "x-frappe-site" in headers or sender in {a.lower() for a in own_addresses}:
		return "own message"  # the desk's own mail coming back: answering it would be a loop
	content_type = headers.get("content-type", "").lower()
	if (
		"multipart/report" in content_type
		or "x-failed-recipients" in headers
		or sender.split("@")[0] in BOUNCE_SENDERS
	):
		return "bounce"
	if headers.get("auto-submitted", "no").strip().lower() != "no":
		return "automatic reply"
	if "x-autoreply" in headers or "x-autorespond" in headers:
		return "automatic reply"
	if headers.get("precedence", "").strip().lower() in AUTOMATIC_PRECEDENCE:
		return (
			"automatic reply"
			if headers["precedence"].strip().lower() == "auto_reply"
			else "bulk or list mail"
		)
	if "list-id" in headers or "list-unsubscribe" in headers:
		return "bulk or list mail"
	return None


def received_at(received: Iterable[str], date_header: str | None, now: datetime) -> datetime:
	"""When the distributor's mail server received the mail: the topmost Received header (the last hop
	adds it on top), else the sender's Date (a client's clock can be wrong), never later than now."""
	stamps = [value.rsplit(";", 1)[1] for value in received if ";" in value] + [date_header or ""]
	for stamp in stamps:
		try:
			at = parsedate_to_datetime(stamp.strip())
		except (TypeError, ValueError, IndexError):
			continue
		return min(at if at.tzinfo else at.replace(tzinfo=timezone.utc), now)
	return now


def full_subject(raw: str | None) -> str:
	"""The subject as written: every encoded word decoded (a subject can mix encoded and plain words),
	a folded subject on one line."""
	if not raw:
		return ""
	try:
		text = str(make_header(decode_header(raw)))
	except (LookupError, UnicodeError, ValueError):
		text = raw
	return " ".join(text.split())


FORWARD_PREFIX = re.compile(r"^\s*(?:fwd?|fw|wg|pd|przek)\s*:", re.IGNORECASE)
REPLY_HEADER = re.compile(
	r"^\s*(?:"
	r"on\b.*\bwrote:\s*$|.*\bwrote:\s*$|w dniu\b.*|.*\bnapisał(?:\(a\))?:\s*$|.*\bpisze:\s*$"
	r"|-{2,}\s*(?:original message|wiadomość oryginalna|oryginalna wiadomość)\s*-{2,}"
	r"|(?:from|od):\s.*\n\s*(?:sent|wysłano|date|data):\s"
	r")",
	re.IGNORECASE | re.MULTILINE,
)


def is_forward(subject: str) -> bool:
	return bool(FORWARD_PREFIX.match(subject or ""))


def new_text(text: str | None, forwarded: bool = False) -> str:
	"""What the sender wrote themselves: quoted lines ("> ...") go, and in a reply everything from the
	quoted message's header on ("On ... wrote:", "W dniu ... pisze:", "-----Original Message-----").
	A forwarded report is kept whole: its details are in the forwarded part."""
	text = (text or "").replace("\r\n", "\n")
	if not forwarded:
		match = REPLY_HEADER.search(text)
		if match:
			text = text[: match.start()]
	return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))


# a number people write: letters and digits, at least one digit ("HEZO" or "VICE" are words, not numbers)
VALUE = r"(?=[A-Z0-9/-]*\d)([A-Z0-9][A-Z0-9/-]{2,})"
# a few words may sit between the name and the number ("numer seryjny urządzenia: ...", "umowy
# serwisowej nr ...", "Umowa HEZO 2026/001"); letters only, so a number is never a filler
FILLER = r"(?:\s+[^\W\d_]{1,20}\.?){0,3}?"
SEPARATOR = r"\s*[:#=.\-–]?\s*"
SERIAL_PATTERN = re.compile(
	r"(?<![\w/])(?:s/n|sn|s\.n\.|serial(?:\s+number|\s+no\.?)?|num(?:er|eru)\s+seryjn\w*|nr\.?\s+seryjn\w*"
	r"|nr\.?\s+ser\.)" + FILLER + SEPARATOR + VALUE,
	re.IGNORECASE,
)
CONTRACT_PATTERN = re.compile(
	r"(?<![\w/])(?:contract(?:\s+number|\s+no\.?)?|kontrakt\w*|umow\w*|nr\.?\s+umowy|num(?:er|eru)\s+umowy)"
	+ FILLER
	+ SEPARATOR
	+ VALUE,
	re.IGNORECASE,
)


def details_from_text(text: str | None) -> tuple[str | None, str | None]:
	"""Serial and contract numbers as people write them ("S/N: FG100F123", "nr seryjny fg100f123",
	"Umowa HEZO HZ-2026-001", "numer umowy: ..."), in any case and spacing; None where not named."""
	# markup, and the emphasis marks an HTML mail's text keeps (**HZ-1**, _FG100F_), are not numbers
	plain = re.sub(r"<[^>]+>|[*_`]", " ", text or "")
	serial = SERIAL_PATTERN.search(plain)
	contract = CONTRACT_PATTERN.search(plain)
	return (
		serial.group(1).strip("-/").upper() if serial else None,
		contract.group(1).strip("-/").upper() if contract else None,
	)


TICKET_NUMBER = re.compile(r"\bHZT-\d{4}-\d{5}\b", re.IGNORECASE)


def ticket_numbers(text: str | None) -> list[str]:
	"""Ticket numbers named in a subject or text, in order, each once."""
	return list(dict.fromkeys(m.upper() for m in TICKET_NUMBER.findall(text or "")))


def attachment_refusals(
	attachments: Iterable[tuple[str, int]], max_bytes: int, allowed_extensions: Iterable[str]
) -> list[tuple[str, str]]:
	"""(file name, "size" or "type") for every attachment the desk does not take."""
	allowed = {e.lower().lstrip(".") for e in allowed_extensions}
	refused = []
	for name, size in attachments:
		extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
		if extension not in allowed:
			refused.append((name, "type"))
		elif size > max_bytes:
			refused.append((name, "size"))
	return refused
