"""The core must run without a bench: no module of it may import frappe."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import hezo_service.core

CORE = pathlib.Path(hezo_service.core.__file__).parent


def test_no_core_module_imports_frappe():
	offenders = []
	for path in sorted(CORE.rglob("*.py")):
		for node in ast.walk(ast.parse(path.read_text(), str(path))):
			names = []
			if isinstance(node, ast.Import):
				names = [a.name for a in node.names]
			elif isinstance(node, ast.ImportFrom) and node.module:
				names = [node.module]
			offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "frappe"]
	assert offenders == []


def test_importing_the_core_and_running_the_calculator_loads_no_frappe():
	code = (
		"import sys, hezo_service.core.sla.cli as c, hezo_service.core.sla as s, hezo_service.core.tickets.policy, hezo_service.core.contracts, hezo_service.core.rma.flow, hezo_service.core.portal;"
		"s.shipped_catalogue().rules('HEZO-PLUS', 'Critical');"
		"assert not any(m == 'frappe' or m.startswith('frappe.') for m in sys.modules), 'frappe imported'"
	)
	subprocess.run([sys.executable, "-c", code], check=True)
