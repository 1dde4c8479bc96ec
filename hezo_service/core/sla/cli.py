"""The SLA calculator: `python -m hezo_service.core.sla --help`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from hezo_service.core.sla.calendar import CalendarError
from hezo_service.core.sla.catalogue import Catalogue, CatalogueError, shipped_catalogue
from hezo_service.core.sla.timeparse import TimeInputError, format_instant, parse_instant

USAGE_EXIT = 2
TIME_FIELDS = ("reported", "confirmed", "delivered", "last_customer_message")

DESCRIPTION = """\
Due times of a HEZO ticket's SLA clocks, from the shipped service catalogue.

Times (T) are ISO 8601. With an offset (2026-12-28T09:30+01:00, ...Z) they are exact; without
one they are Europe/Warsaw local time, and in the repeated autumn hour the first occurrence is
meant. A local time in the spring gap does not exist and is refused.

Output: one JSON object with plan, priority, response_due, follow_up_due, delivery_due,
delivery_kind ("hours", "nbd", "nbd_ship" or null when the priority has no delivery target) and
return_due; times in Europe/Warsaw with their offset, to the second.
  follow_up_due  only with --last-customer-message and a follow-up target, else null
  delivery_due   only with --confirmed and a delivery target, else null
  return_due     only with --delivered (end of the 7th day after delivery), else null
"""

EPILOG = """\
example:
  python -m hezo_service.core.sla --plan HEZO-PLUS --priority Non-critical \\
      --reported 2026-12-23T16:30 --confirmed 2026-12-23T16:45
  -> response due 2026-12-28T09:30:00+01:00 (Christmas Eve and Christmas are days off)

batch mode:
  echo '{"plan": "COCARE-STANDARD", "priority": "P3", "reported": "2026-06-02T14:00",
         "confirmed": "2026-06-02T15:00:00"}' | python -m hezo_service.core.sla --jsonl
  One request object per input line (keys plan, priority, reported, confirmed, delivered,
  last_customer_message); one result per line, in order. A bad line gives {"error": "..."}
  and the others go on.

bad input (unknown plan or priority, a malformed or non-existent time, a confirmation before
the report, a delivery before the confirmation) prints one line naming the field and exits 2.
"""


class InputError(ValueError):
	"""Bad input, named by the field it concerns."""


class _Parser(argparse.ArgumentParser):
	def error(self, message: str):  # one line, no usage dump: the contract is one line + exit 2
		raise InputError(f"{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
	parser = _Parser(
		prog="python -m hezo_service.core.sla",
		description=DESCRIPTION,
		epilog=EPILOG,
		formatter_class=argparse.RawDescriptionHelpFormatter,
	)
	parser.add_argument("--plan", metavar="CODE", help="service plan code, e.g. HEZO-PLUS, QSP-AHB-8X5-NBD")
	parser.add_argument("--priority", metavar="NAME", help="priority of the plan, e.g. Critical, P1")
	parser.add_argument(
		"--reported", metavar="T", help="when the ticket was sent (starts the response clock)"
	)
	parser.add_argument(
		"--confirmed", metavar="T", help="when the desk confirmed the failure's validity (starts delivery)"
	)
	parser.add_argument("--delivered", metavar="T", help="when the replacement was delivered (starts return)")
	parser.add_argument(
		"--last-customer-message",
		metavar="T",
		dest="last_customer_message",
		help="the customer's latest message awaiting a reply (starts follow-up)",
	)
	parser.add_argument(
		"--jsonl", action="store_true", help="read request objects from standard input, one per line"
	)
	return parser


def _read_time(request: Mapping[str, Any], key: str, label: str):
	value = request.get(key)
	if value is None:
		return None
	if not isinstance(value, str):
		raise InputError(f"{label}: expected an ISO 8601 string, got {json.dumps(value)}")
	try:
		return parse_instant(value)
	except TimeInputError as e:
		raise InputError(f"{label}: {e}") from None


def compute(catalogue: Catalogue, request: Mapping[str, Any], *, cli: bool = False) -> dict[str, Any]:
	"""The clocks of one request; raises InputError naming the field that is wrong."""

	def label(key: str) -> str:
		return "--" + key.replace("_", "-") if cli else key

	for key in ("plan", "priority", "reported"):
		if not request.get(key):
			raise InputError(f"{label(key)} is required")
	try:
		plan = catalogue.plan(str(request["plan"]))
	except CatalogueError as e:
		raise InputError(f"{label('plan')}: {e}") from None
	try:
		terms = plan.priority(str(request["priority"]))
	except CatalogueError as e:
		raise InputError(f"{label('priority')}: {e}") from None
	times = {key: _read_time(request, key, label(key)) for key in TIME_FIELDS}
	reported, confirmed, delivered, message = (times[k] for k in TIME_FIELDS)
	if confirmed and confirmed < reported:
		raise InputError(f"{label('confirmed')}: the confirmation is before the report")
	if delivered and confirmed and delivered < confirmed:
		raise InputError(f"{label('delivered')}: the delivery is before the confirmation")
	if delivered and delivered < reported:
		raise InputError(f"{label('delivered')}: the delivery is before the report")
	if message and message < reported:
		raise InputError(f"{label('last_customer_message')}: the message is before the report")
	rules = catalogue.rules(plan.code, terms.name)
	try:
		return {
			"plan": plan.code,
			"priority": terms.name,
			"response_due": format_instant(rules.response_due(reported)),
			"follow_up_due": format_instant(rules.follow_up_due(message)) if message else None,
			"delivery_due": format_instant(rules.delivery_due(confirmed)) if confirmed else None,
			"delivery_kind": rules.delivery_kind,
			"return_due": format_instant(rules.return_due(delivered)) if delivered else None,
		}
	except CalendarError as e:  # e.g. a time beyond the supported horizon
		raise InputError(str(e)) from None


def _run_jsonl(catalogue: Catalogue, stdin: TextIO, stdout: TextIO) -> int:
	for number, line in enumerate(stdin, start=1):
		if not line.strip():
			continue
		try:
			request = json.loads(line)
			if not isinstance(request, dict):
				raise InputError("a request must be a JSON object")
			result: dict[str, Any] = compute(catalogue, request)
		except json.JSONDecodeError as e:
			result = {"error": f"line {number}: not JSON ({e.msg})"}
		except InputError as e:
			result = {"error": f"line {number}: {e}"}
		stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
		stdout.flush()
	return 0


def main(
	argv: Sequence[str] | None = None,
	stdin: TextIO | None = None,
	stdout: TextIO | None = None,
	stderr: TextIO | None = None,
) -> int:
	stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
	parser = build_parser()
	try:
		args = parser.parse_args(argv)
		catalogue = shipped_catalogue()
		if args.jsonl:
			fields = [f for f in ("plan", "priority", *TIME_FIELDS) if getattr(args, f) is not None]
			if fields:
				raise InputError(f"--jsonl reads requests from standard input; drop --{fields[0]}")
			return _run_jsonl(catalogue, stdin, stdout)
		result = compute(catalogue, vars(args), cli=True)
	except InputError as e:
		stderr.write(f"error: {e}\n")
		return USAGE_EXIT
	stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
	return 0
