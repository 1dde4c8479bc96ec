"""Every file and module the docs and the code's docstrings name exists: README.md, docs/*.md and
every docstring under hezo_service/, benchmarks/ and scripts/ are read for project paths
(`services/portal/renderer.py`, `hezo_service/catalogue/...json`) and dotted names
(`hezo_service.api.portal.work_report`: the module, and the name defined in it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "hezo_service"
# where a relative path may start: the repository, the app package, its module folder (doctypes)
BASES = (REPO, PACKAGE, PACKAGE / "hezo_service")
# first parts of a path that name this project's files (not Frappe's or ERPNext's `frappe/...`)
ROOTS = {
	"hezo_service", "docs", "scripts", "benchmarks", "tests", "browser_tests", "attack_tests", "load_tests",
	"core", "services", "api", "security", "www", "templates", "public", "patches", "catalogue", "doctype",
	"report", "print_format", "workspace", "translations", "locale", "fixtures",
}  # fmt: skip
PATH = re.compile(
	r"(?<![\w/.<{-])((?:[A-Za-z_][\w-]*/)+[\w.-]*\w\.(?:py|json|html|md|js|css|csv|txt|sh|po|toml))\b"
)
DOTTED = re.compile(r"(?<![\w./])(hezo_service(?:\.[A-Za-z_]\w*)+)")


def texts() -> list[tuple[str, str]]:
	"""(where, text) of every document and docstring read."""
	found = [(p.name, p.read_text()) for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]]
	for folder in ("hezo_service", "benchmarks", "scripts", "attack_tests", "browser_tests"):
		for path in sorted((REPO / folder).rglob("*.py")):
			if "node_modules" in path.parts:
				continue
			tree = ast.parse(path.read_text(), str(path))
			for node in ast.walk(tree):
				if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
					doc = ast.get_docstring(node, clean=False)
					if doc:
						found.append((str(path.relative_to(REPO)), doc))
	return found


def path_exists(name: str) -> bool:
	return any((base / name).exists() for base in BASES)


def dotted_exists(name: str) -> bool:
	"""The longest module prefix is a file or package, and the rest (if any) one name it defines."""
	parts = name.split(".")
	for cut in range(len(parts), 0, -1):
		base = REPO.joinpath(*parts[:cut])
		module = base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"
		if module.exists() or base.is_dir():
			rest = parts[cut:]
			if not rest:
				return True
			if not module.exists():
				return False
			source = module.read_text()
			return bool(
				re.search(rf"^\s*(?:def|class|async def)\s+{rest[0]}\b|^{rest[0]}\s*[:=]", source, re.M)
			)
	return False


def named() -> list[tuple[str, str, str]]:
	found = []
	for where, text in texts():
		for m in PATH.finditer(text):
			if m.group(1).split("/")[0] in ROOTS:
				found.append((where, "path", m.group(1)))
		for m in DOTTED.finditer(text):
			found.append((where, "module", m.group(1).rstrip(".")))
	return found


def test_the_docs_name_paths_at_all():
	kinds = {kind for _where, kind, _name in named()}
	assert kinds == {"path", "module"}  # the patterns still find what they are for


def test_every_named_path_and_module_exists():
	missing = sorted(
		{
			f"{where}: {name}"
			for where, kind, name in named()
			if not (path_exists(name) if kind == "path" else dotted_exists(name))
		}
	)
	assert not missing, "named but missing:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", ["hezo_service/no_such_module.py", "services/portal/nowhere.py"])
def test_a_missing_path_is_found_missing(name):
	assert not path_exists(name)


def test_a_missing_dotted_name_is_found_missing():
	assert dotted_exists("hezo_service.core.sla")
	assert not dotted_exists("hezo_service.core.sla.calendar.no_such_function")
	assert not dotted_exists("hezo_service.no_such_package")
