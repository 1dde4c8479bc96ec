"""Layers point one way (README, "Where each rule lives"): the pure core imports only the core; the
services (and the security helpers they use) import the core and each other, never an entry point;
entry points (API, pages, scheduler, DocType controllers, hooks, the request guard, install, demo,
patches, commands) may import anything below them. Imports under `if TYPE_CHECKING:` (type hints
only) do not count."""

from __future__ import annotations

import ast
import pathlib

import hezo_service

APP = pathlib.Path(hezo_service.__file__).parent
ENTRY = (
	"hezo_service.api",
	"hezo_service.www",
	"hezo_service.scheduler",
	"hezo_service.hezo_service",  # DocType controllers, reports, workspaces
	"hezo_service.hooks",
	"hezo_service.security.guard",
	"hezo_service.install",
	"hezo_service.demo",
	"hezo_service.patches",
	"hezo_service.commands",
	"hezo_service.site_setup",
	"hezo_service.tests",
)


def module_name(path: pathlib.Path) -> str:
	parts = path.relative_to(APP.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
	if module == "hezo_service.core" or module.startswith("hezo_service.core."):
		return "core"
	if any(module == e or module.startswith(e + ".") for e in ENTRY):
		return "entry"
	return "service"


def runtime_imports(tree: ast.Module):
	"""Imported module names outside `if TYPE_CHECKING:` blocks."""
	skipped = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
			skipped.update(id(n) for child in node.body for n in ast.walk(child))
	for node in ast.walk(tree):
		if id(node) in skipped:
			continue
		if isinstance(node, ast.Import):
			yield from (a.name for a in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			yield node.module


def violations() -> list[str]:
	allowed = {"core": {"core"}, "service": {"core", "service"}, "entry": {"core", "service", "entry"}}
	found = []
	for path in sorted(APP.rglob("*.py")):
		importer = module_name(path)
		for imported in runtime_imports(ast.parse(path.read_text(), str(path))):
			if imported.split(".")[0] != "hezo_service" or imported == "hezo_service":
				continue
			if layer(imported) not in allowed[layer(importer)]:
				found.append(f"{importer} ({layer(importer)}) imports {imported} ({layer(imported)})")
	return found


def test_layers_point_one_way():
	assert violations() == []


def test_the_check_sees_a_crossing():
	assert layer("hezo_service.api.tickets") == "entry"
	assert layer("hezo_service.services.portal.actions") == "service"
	assert layer("hezo_service.core.tickets.flow") == "core"
	tree = ast.parse(
		"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n\timport hezo_service.api\nimport x.y"
	)
	assert list(runtime_imports(tree)) == ["typing", "x.y"]
