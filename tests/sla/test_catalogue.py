"""The shipped catalogue: every plan of the seeds 000–004 with its priorities and attributes."""

from __future__ import annotations

from datetime import time

import pytest

from hezo_service.core.sla.catalogue import Catalogue, CatalogueError, read_fixture, shipped_catalogue

CAT = shipped_catalogue()
CNQ = ["Critical", "Non-critical", "Question"]
P1_4 = ["P1", "P2", "P3", "P4"]
EXPECTED = {
	"HEZO-PLUS": CNQ,
	"HEZO-360": CNQ,
	**{f"QSP-{s}-{w}-{v}": CNQ for s in ("SOS", "AHB") for w in ("8X5", "24X7") for v in ("8H", "NBD")},
	**{
		c: P1_4
		for c in (
			"COCARE-BASIC",
			"COCARE-STANDARD",
			"COCARE-PREMIER",
			"COCARE-STANDARD-ONSITE",
			"COCARE-PREMIUM-ONSITE",
		)
	},
	**{f"{s}-{w}-NBD": CNQ for s in ("AHB", "SOS") for w in ("8X5", "24X7")},
}
H = 3600


def test_every_plan_and_priority_is_shipped():
	assert {code: list(plan.priorities) for code, plan in CAT.plans.items()} == EXPECTED


def test_labels_in_polish_and_english():
	for plan in CAT.plans.values():
		assert (
			plan.name_pl
			and plan.name_en
			and plan.document["description_pl"]
			and plan.document["description_en"]
		)
		for p in plan.priorities.values():
			assert p.label_pl and p.label_en and p.description_pl and p.description_en


def rows(code):
	plan = CAT.plan(code)
	return [
		(
			p.request_calendar,
			p.response_seconds,
			p.follow_up_seconds,
			p.delivery and (p.delivery.kind, p.delivery.seconds, p.delivery.cutoff),
		)
		for p in plan.priorities.values()
	]


def test_hezo_plus_priority_table_wins_over_the_one_hour_sentence():
	assert rows("HEZO-PLUS") == [
		("24x7", H, H, ("hours", 8 * H, None)),
		("8x5", H, 2 * H, ("hours", 8 * H, None)),
		("8x5", 4 * H, 4 * H, None),
	]
	plan = CAT.plan("HEZO-PLUS")
	assert (plan.return_shipping_payer, plan.term_years, plan.max_total_years) == (
		"Distributor",
		(1, 2, 3),
		5,
	)
	assert "Rally Bar Mini" in plan.document["covered_families"]


def test_hezo_360():
	assert rows("HEZO-360") == [
		("24x7", H, H, ("hours", 8 * H, None)),
		("8x5", H, 2 * H, ("hours", 8 * H, None)),
		("8x5", 2 * H, 4 * H, None),
	]
	plan = CAT.plan("HEZO-360")
	assert plan.return_shipping_payer == "Customer"
	assert plan.quotas == {"remote_config_change": 5}
	assert (plan.deployment_remote_days, plan.deployment_onsite_days) == (7, 14)
	work = {w["work_kind"]: w["per_contract_year"] for w in plan.document["scheduled_work"]}
	assert work == {"config_log_review": 2, "firmware_upgrade": 2}


@pytest.mark.parametrize("service", ["SOS", "AHB"])
@pytest.mark.parametrize("window", ["8X5", "24X7"])
def test_qsp_options(service, window):
	cal = window.lower()
	assert rows(f"QSP-{service}-{window}-8H") == [(cal, H, None, ("hours", 8 * H, None))] * 2 + [
		(cal, H, None, None)
	]
	assert rows(f"QSP-{service}-{window}-NBD") == [(cal, H, None, ("nbd", None, None))] * 2 + [
		(cal, H, None, None)
	]
	plan = CAT.plan(f"QSP-{service}-{window}-NBD")
	assert plan.onsite == (service == "SOS")
	assert plan.term_years == (1, 3)
	assert [w["work_kind"] for w in plan.document["scheduled_work"]] == ["inspection"]


def test_cocare_levels():
	nbd = ("9x5", H, None, ("nbd", None, time(15)))
	four = ("24x7", H, None, ("hours", 4 * H, None))
	assert rows("COCARE-BASIC") == [("9x5", H, None, ("nbd_ship", None, None))] * 4
	assert rows("COCARE-STANDARD") == [nbd] * 4
	assert rows("COCARE-STANDARD-ONSITE") == [nbd] * 4
	assert rows("COCARE-PREMIER") == [four, four, nbd, nbd]
	assert rows("COCARE-PREMIUM-ONSITE") == [four, four, nbd, nbd]
	assert [
		CAT.plan(c).onsite for c in ("COCARE-STANDARD", "COCARE-STANDARD-ONSITE", "COCARE-PREMIUM-ONSITE")
	] == [
		False,
		True,
		True,
	]


def test_ahb_sos_logistics_use_the_cut_off():
	for code in ("AHB-8X5-NBD", "AHB-24X7-NBD", "SOS-8X5-NBD", "SOS-24X7-NBD"):
		window = "8x5" if "8X5" in code else "24x7"
		assert rows(code) == [(window, H, None, ("nbd", None, time(15)))] * 2 + [(window, H, None, None)]


def test_calendars():
	assert set(CAT.calendars) == {"8x5", "9x5", "24x7"}
	assert [(i.weekday, i.start, i.end) for i in CAT.calendars["9x5"].intervals] == [
		(d, 8 * H, 17 * H) for d in range(5)
	]
	assert CAT.calendars["24x7"].always_open
	for plan in CAT.plans.values():
		assert plan.business_day_calendar == "8x5" and plan.nbd_due_time == time(17) and plan.return_days == 7


def test_fixtures_are_frappe_documents():
	for doc in read_fixture("hezo_service_plan.json"):
		assert doc["doctype"] == "HEZO Service Plan" and doc["name"] == doc["plan_code"]
		assert all(row["doctype"] == "HEZO Plan Priority" for row in doc["priorities"])
	for doc in read_fixture("hezo_calendar.json"):
		assert doc["doctype"] == "HEZO Calendar"


def test_lookup_forgives_case_and_lists_valid_names():
	assert CAT.plan(" hezo-plus ").code == "HEZO-PLUS"
	assert CAT.plan("HEZO-PLUS").priority("non-CRITICAL").name == "Non-critical"
	with pytest.raises(CatalogueError, match="valid plans: HEZO-PLUS"):
		CAT.plan("HEZO")
	with pytest.raises(CatalogueError, match="valid priorities: P1, P2, P3, P4"):
		CAT.rules("COCARE-BASIC", "Critical")


def plan_doc(**priority):
	row = {"priority": "A", "request_calendar": "8x5", "response_hours": 1, **priority}
	return {"name": "X", "priorities": [row]}


@pytest.mark.parametrize(
	"doc, message",
	[
		(plan_doc(delivery_kind="weekly"), "unknown delivery kind"),
		(plan_doc(delivery_kind="hours"), "needs hours"),
		(plan_doc(response_hours=0), "response target is required"),
		(plan_doc(response_hours=-1), "negative"),
		(plan_doc(delivery_kind="nbd", delivery_cutoff="24:00"), "not a time of day"),
		(plan_doc(request_calendar="5x8"), "unknown calendars: 5x8"),
		({"name": "X", "priorities": []}, "no priorities"),
	],
)
def test_bad_catalogue_data_is_refused_with_a_reason(doc, message):
	with pytest.raises(CatalogueError, match=message):
		Catalogue.from_documents(read_fixture("hezo_calendar.json"), [doc])


def test_bad_calendar_data_is_refused():
	with pytest.raises(CatalogueError, match="no working time"):
		Catalogue.from_documents([{"name": "empty", "intervals": []}], [])
	with pytest.raises(CatalogueError, match="calendar data"):
		Catalogue.from_documents([{"intervals": []}], [])


def test_custom_calendar_from_documents_with_closed_dates():
	cal_doc = {
		"name": "split",
		"holiday_country": "PL",
		"intervals": [
			{"weekday": "Monday", "start_time": "08:00", "end_time": "12:00"},
			{"weekday": "Monday", "start_time": "13:00:00", "end_time": "17:00:00"},
		],
		"closed_dates": [{"closed_date": "2026-11-23"}],
	}
	doc = plan_doc(follow_up_hours="", delivery_kind="nbd", delivery_cutoff="15:00:00")
	doc["business_day_calendar"] = "split"
	doc["priorities"][0]["request_calendar"] = "split"
	cat = Catalogue.from_documents([cal_doc], [doc])
	rules = cat.rules("X", "a")
	from hezo_service.core.sla.timeparse import format_instant, parse_instant

	# Monday 23 Nov is closed: the next working time is Monday 30 Nov 08:00; lunch does not count
	assert (
		format_instant(rules.response_due(parse_instant("2026-11-20T10:00"))) == "2026-11-30T09:00:00+01:00"
	)
	assert format_instant(cat.calendars["split"].add(parse_instant("2026-11-30T11:30"), 3600)) == (
		"2026-11-30T13:30:00+01:00"
	)
	# NBD on a Monday-only calendar: business days are the Mondays
	assert (
		format_instant(rules.delivery_due(parse_instant("2026-11-30T14:00"))) == "2026-12-07T17:00:00+01:00"
	)
