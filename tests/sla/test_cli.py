"""The calculator's contract: python -m hezo_service.core.sla."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from hezo_service.core.sla.cli import main

KEYS = ["plan", "priority", "response_due", "follow_up_due", "delivery_due", "delivery_kind", "return_due"]


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
	out, err = io.StringIO(), io.StringIO()
	code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
	return code, out.getvalue(), err.getvalue()


def test_all_clocks():
	code, out, err = run(
		"--plan",
		"HEZO-PLUS",
		"--priority",
		"Non-critical",
		"--reported",
		"2026-12-23T16:30",
		"--confirmed",
		"2026-12-23T16:45",
		"--delivered",
		"2026-12-29T10:00",
		"--last-customer-message",
		"2026-12-23T16:50",
	)
	assert (code, err) == (0, "")
	result = json.loads(out)
	assert list(result) == KEYS
	assert result == {
		"plan": "HEZO-PLUS",
		"priority": "Non-critical",
		"response_due": "2026-12-28T09:30:00+01:00",
		"follow_up_due": "2026-12-28T10:50:00+01:00",
		"delivery_due": "2026-12-28T16:45:00+01:00",
		"delivery_kind": "hours",
		"return_due": "2027-01-05T23:59:59+01:00",
	}


def test_optional_clocks_are_null_without_their_inputs():
	code, out, _ = run("--plan", "COCARE-STANDARD", "--priority", "P2", "--reported", "2026-06-02T14:00")
	assert code == 0
	result = json.loads(out)
	assert result["response_due"] == "2026-06-02T15:00:00+02:00"
	assert result["follow_up_due"] is result["delivery_due"] is result["return_due"] is None
	assert result["delivery_kind"] == "nbd"
	# no follow-up target on CoCare even with a customer message; no delivery on a Question
	_, out, _ = run(
		"--plan",
		"COCARE-STANDARD",
		"--priority",
		"P2",
		"--reported",
		"2026-06-02T14:00",
		"--last-customer-message",
		"2026-06-02T14:30",
	)
	assert json.loads(out)["follow_up_due"] is None
	_, out, _ = run(
		"--plan",
		"HEZO-360",
		"--priority",
		"question",
		"--reported",
		"2026-06-02T14:00",
		"--confirmed",
		"2026-06-02T14:30",
	)
	result = json.loads(out)
	assert (result["priority"], result["delivery_due"], result["delivery_kind"]) == ("Question", None, None)


def test_offsets_and_utc_are_exact():
	_, out, _ = run("--plan", "HEZO-PLUS", "--priority", "Critical", "--reported", "2026-07-01T10:00:00Z")
	assert json.loads(out)["response_due"] == "2026-07-01T13:00:00+02:00"
	_, out, _ = run(
		"--plan", "HEZO-PLUS", "--priority", "Critical", "--reported", "2026-10-25T02:30:00+01:00"
	)
	assert json.loads(out)["response_due"] == "2026-10-25T03:30:00+01:00"


@pytest.mark.parametrize(
	"argv, field, words",
	[
		(
			["--plan", "NOPE", "--priority", "Critical", "--reported", "2026-06-02T14:00"],
			"--plan",
			"HEZO-PLUS",
		),
		(
			["--plan", "HEZO-360", "--priority", "P1", "--reported", "2026-06-02T14:00"],
			"--priority",
			"Non-critical",
		),
		(["--plan", "HEZO-360", "--priority", "P1"], "--reported", "required"),
		(
			["--plan", "HEZO-360", "--priority", "Critical", "--reported", "2026-02-30T10:00"],
			"--reported",
			"ISO",
		),
		(["--plan", "HEZO-360", "--priority", "Critical", "--reported", "yesterday"], "--reported", "ISO"),
		(
			["--plan", "HEZO-360", "--priority", "Critical", "--reported", "2026-03-29T02:30"],
			"--reported",
			"not exist",
		),
		(
			[
				"--plan",
				"HEZO-360",
				"--priority",
				"Critical",
				"--reported",
				"2026-06-02T14:00",
				"--confirmed",
				"2026-06-02T13:00",
			],
			"--confirmed",
			"before the report",
		),
		(
			[
				"--plan",
				"HEZO-360",
				"--priority",
				"Critical",
				"--reported",
				"2026-06-02T14:00",
				"--confirmed",
				"2026-06-02T15:00",
				"--delivered",
				"2026-06-02T14:30",
			],
			"--delivered",
			"before the confirmation",
		),
		(
			[
				"--plan",
				"HEZO-360",
				"--priority",
				"Critical",
				"--reported",
				"2026-06-02T14:00",
				"--delivered",
				"2026-06-01T14:30",
			],
			"--delivered",
			"before the report",
		),
		(
			[
				"--plan",
				"HEZO-360",
				"--priority",
				"Critical",
				"--reported",
				"2026-06-02T14:00",
				"--last-customer-message",
				"2026-06-01T14:30",
			],
			"--last-customer-message",
			"before the report",
		),
		(["--plan", "HEZO-360", "--priority", "Question", "--reported", "2226-06-02T14:00"], "", "2200"),
		(["--bogus"], "", "unrecognized"),
		(["--jsonl", "--plan", "HEZO-360"], "--plan", "standard input"),
	],
)
def test_bad_input_is_one_line_naming_the_field_and_exit_2(argv, field, words):
	code, out, err = run(*argv)
	assert code == 2
	assert out == ""
	assert err.count("\n") == 1 and err.startswith("error: ")
	assert field in err and words in err
	assert "Traceback" not in err


def test_jsonl_keeps_order_and_reports_bad_lines_in_band():
	lines = [
		{
			"plan": "COCARE-STANDARD",
			"priority": "P3",
			"reported": "2026-06-02T14:00",
			"confirmed": "2026-06-02T15:00:00",
		},
		"not json",
		{
			"plan": "COCARE-BASIC",
			"priority": "P1",
			"reported": "2026-06-02T14:00",
			"confirmed": "2026-06-01T15:00",
		},
		[1, 2],
		{"plan": "HEZO-PLUS", "priority": "Critical"},
		{"plan": "HEZO-PLUS", "priority": "Critical", "reported": 20260602},
		{
			"plan": "AHB-8X5-NBD",
			"priority": "Critical",
			"reported": "2026-06-02T14:00",
			"confirmed": "2026-06-02T15:00:01",
			"delivered": "2026-06-04T10:00",
			"last_customer_message": None,
		},
	]
	text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n"
	code, out, err = run("--jsonl", stdin=text)
	assert (code, err) == (0, "")
	results = [json.loads(line) for line in out.splitlines()]
	assert len(results) == len(lines)
	assert results[0]["delivery_due"] == "2026-06-03T17:00:00+02:00"
	assert results[1]["error"].startswith("line 2: not JSON")
	assert "confirmed" in results[2]["error"]
	assert "JSON object" in results[3]["error"]
	assert "reported is required" in results[4]["error"]
	assert "reported" in results[5]["error"]
	# 15:00:01 on Tuesday 2 June: past the cut-off; Thursday 4 June is Corpus Christi
	assert results[6]["delivery_due"] == "2026-06-05T17:00:00+02:00"
	assert results[6]["return_due"] == "2026-06-11T23:59:59+02:00"
	assert list(results[6]) == KEYS


def test_help_explains_with_an_example():
	with pytest.raises(SystemExit) as exit_info:
		run("--help")
	assert exit_info.value.code == 0


def test_module_entry_point_in_a_real_process():
	ok = subprocess.run(
		[
			sys.executable,
			"-m",
			"hezo_service.core.sla",
			"--plan",
			"HEZO-PLUS",
			"--priority",
			"Critical",
			"--reported",
			"2026-12-28T08:30",
		],
		capture_output=True,
		text=True,
		check=False,
	)
	assert ok.returncode == 0, ok.stderr
	assert json.loads(ok.stdout)["response_due"] == "2026-12-28T09:30:00+01:00"
	bad = subprocess.run(
		[
			sys.executable,
			"-m",
			"hezo_service.core.sla",
			"--plan",
			"X",
			"--priority",
			"Critical",
			"--reported",
			"2026-12-28",
		],
		capture_output=True,
		text=True,
		check=False,
	)
	assert bad.returncode == 2 and bad.stdout == ""
	assert bad.stderr.startswith("error: --plan: unknown plan 'X'") and "Traceback" not in bad.stderr
	helped = subprocess.run(
		[sys.executable, "-m", "hezo_service.core.sla", "--help"], capture_output=True, text=True, check=False
	)
	assert helped.returncode == 0
	for word in ("--plan", "--jsonl", "--last-customer-message", "example", "Europe/Warsaw", "delivery_kind"):
		assert word in helped.stdout
