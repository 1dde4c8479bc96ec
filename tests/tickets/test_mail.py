"""The e-mail rules without a bench: automatic mail, receipt time, subjects, quoted text, the spellings
of serial and contract numbers, ticket numbers, attachment limits; the customer-message events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from hezo_service.core import messages
from hezo_service.core.tickets.mail import (
	attachment_refusals,
	automatic_reason,
	details_from_text,
	full_subject,
	is_forward,
	new_text,
	received_at,
	ticket_numbers,
)

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
OWN = ("pomoc@myhezo.pl", "Powiadomienia@myhezo.pl")


@pytest.mark.parametrize(
	("headers", "sender", "reason"),
	[
		({}, "jan@klient.pl", None),
		({"auto-submitted": "no"}, "jan@klient.pl", None),
		({"auto-submitted": "auto-replied"}, "jan@klient.pl", "automatic reply"),
		({"x-autoreply": "yes"}, "jan@klient.pl", "automatic reply"),
		({"x-autorespond": "1"}, "jan@klient.pl", "automatic reply"),
		({"precedence": "auto_reply"}, "jan@klient.pl", "automatic reply"),
		({"precedence": " Bulk "}, "jan@klient.pl", "bulk or list mail"),
		({"precedence": "first-class"}, "jan@klient.pl", None),
		({"list-id": "<x.klient.pl>"}, "jan@klient.pl", "bulk or list mail"),
		({"list-unsubscribe": "<mailto:u@x>"}, "jan@klient.pl", "bulk or list mail"),
		({"content-type": "multipart/report; report-type=delivery-status"}, "x@klient.pl", "bounce"),
		({"x-failed-recipients": "a@b"}, "x@klient.pl", "bounce"),
		({}, "MAILER-DAEMON@klient.pl", "bounce"),
		({}, "postmaster@klient.pl", "bounce"),
		({"x-frappe-site": "https://other"}, "jan@klient.pl", "own message"),
		({}, "powiadomienia@MYHEZO.pl", "own message"),
		({}, None, None),
	],
)
def test_automatic_reason(headers, sender, reason):
	assert automatic_reason(headers, sender, OWN) == reason


def test_received_at_trusts_the_server_then_the_sender_and_never_the_future():
	received = [
		"from a by mail.myhezo.localhost (Postfix); Thu, 3 Dec 2026 08:28:36 +0000 (UTC)",
		"from b by mx.klient.pl; Thu, 3 Dec 2026 08:20:00 +0000",
	]
	assert received_at(received, "Mon, 1 Dec 2026 10:00:00 +0100", NOW) == datetime(
		2026, 12, 3, 8, 28, 36, tzinfo=timezone.utc
	)
	assert received_at(["no date here"], "Mon, 1 Dec 2026 10:00:00 +0100", NOW) == datetime(
		2026, 12, 1, 9, 0, tzinfo=timezone.utc
	)
	assert received_at([], "Mon, 1 Dec 2026 10:00:00", NOW).tzinfo is not None  # no zone: UTC
	assert received_at([], "garbage", NOW) == NOW
	assert received_at([], None, NOW) == NOW
	assert received_at(["x; Fri, 1 Jan 2027 00:00:00 +0000"], None, NOW) == NOW
	assert received_at(["x; not a date"], None, NOW - timedelta(0)) == NOW


def test_full_subject_decodes_every_word_and_unfolds():
	raw = "=?UTF-8?Q?Awaria_urz=C4=85dzenia?= S/N FG1\r\n umowa =?iso-8859-2?q?=B1?="
	assert full_subject(raw) == "Awaria urządzenia S/N FG1 umowa ą"
	assert full_subject(None) == ""
	assert full_subject("=?nonsense-charset?q?abc?=") == "=?nonsense-charset?q?abc?="


def test_new_text_drops_quotes_but_keeps_a_forwarded_report():
	reply = "S/N: FG1\n\nOn Thu, 3 Dec 2026, HEZO <pomoc@myhezo.pl> wrote:\n> Umowa: HZ-1\n"
	assert new_text(reply).strip() == "S/N: FG1"
	assert new_text("Nowe\nW dniu 3.12.2026 o 10:00 pomoc@myhezo.pl pisze:\n> x").strip() == "Nowe"
	assert new_text("A\n-----Original Message-----\nFrom: x").strip() == "A"
	assert new_text("A\nFrom: pomoc@myhezo.pl\nSent: Thursday\nB").strip() == "A"
	assert new_text("A\n> quoted\nB") == "A\nB"
	forwarded = "FYI\n---------- Forwarded message ---------\nFrom: Jan\nDate: Tue\n\nS/N: FG1"
	assert "S/N: FG1" in new_text(forwarded, forwarded=True)
	assert new_text(None) == ""
	assert is_forward("Fwd: awaria") and is_forward("PD: awaria") and not is_forward("Re: awaria")


@pytest.mark.parametrize(
	("text", "found"),
	[
		("S/N: FG100F123, umowa: HZ-2026-001", ("FG100F123", "HZ-2026-001")),
		("sn fg100f123 Kontrakt HZ-1", ("FG100F123", "HZ-1")),
		("SN:RB-1 numer umowy:hz-360-1", ("RB-1", "HZ-360-1")),
		("numer seryjny urządzenia: FG100F1 Umowa HEZO HZ-360-1", ("FG100F1", "HZ-360-1")),
		("dotyczy umowy serwisowej nr HZ-360-1; nr seryjny  FG-1", ("FG-1", "HZ-360-1")),
		("Serial number FG100F123, contract no. HZ-PLUS-1", ("FG100F123", "HZ-PLUS-1")),
		("Nr. seryjny: ab12cd", ("AB12CD", None)),
		("Umowa: <b>HZ-1</b> S/N: **FG1**", ("FG1", "HZ-1")),
		("Router in service since 2020, Umowa HEZO", (None, None)),
		("Contract HEZO; serial FG12", ("FG12", None)),
		("", (None, None)),
	],
)
def test_details_from_text(text, found):
	assert details_from_text(text) == found


def test_ticket_numbers_and_attachment_limits():
	assert ticket_numbers("Re: [HZT-2026-00012] x hzt-2026-00012 HZT-2026-00013") == [
		"HZT-2026-00012",
		"HZT-2026-00013",
	]
	assert ticket_numbers(None) == []
	files = [("a.log", 10), ("b.EXE", 10), ("c.zip", 2000), ("noext", 1)]
	assert attachment_refusals(files, 1000, ["log", ".zip"]) == [
		("b.EXE", "type"),
		("c.zip", "size"),
		("noext", "type"),
	]


def test_customer_message_events():
	assert messages.template_name(messages.TICKET_RECEIVED) == "HEZO: Ticket received"
	with pytest.raises(ValueError):
		messages.template_name("nonsense")
	assert messages.TO_CUSTOMER == frozenset(messages.TEMPLATES)
	assert messages.languages("pl", "en") == ("pl", "en")
	assert messages.languages(None, "pl") == ("pl", "en")
	assert messages.languages("en-GB", "pl") == ("en",)
	assert messages.languages(None, None) == ("en",)
	assert messages.intake_messages("New", None) == (messages.TICKET_RECEIVED,)
	assert messages.intake_messages("Awaiting Details", None) == (messages.AWAITING_DETAILS,)
	assert messages.intake_messages("Awaiting Details", "not_covered") == (messages.NOT_COVERED,)
	assert messages.intake_messages("Awaiting Details", "lapsed") == (messages.CONTRACT_LAPSED,)
