"""What an uploaded PDF may carry: no JavaScript, no launch actions, no embedded files. A PDF is
opened in the browser from the portal and by engineers at the desk; Chromium's viewer and desktop
readers run a PDF's scripts. The check reads the document with pypdf (Frappe's own dependency), so
names hidden in compressed object streams are seen too."""

from __future__ import annotations

import io

ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"})


def _active(obj, seen: set[int], depth: int = 0) -> bool:
	from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

	if depth > 64:
		return True  # a structure this deep is not a log or a screenshot
	if isinstance(obj, IndirectObject):
		key = (obj.idnum, obj.generation)
		if key in seen:
			return False
		seen.add(key)
		try:
			obj = obj.get_object()
		except Exception:
			return True
	if isinstance(obj, DictionaryObject):
		if ACTIVE_KEYS.intersection(obj.keys()) or obj.get("/S") in ACTIVE_ACTIONS:
			return True
		return any(_active(v, seen, depth + 1) for v in obj.values())
	if isinstance(obj, ArrayObject):
		return any(_active(v, seen, depth + 1) for v in obj)
	return False


def pdf_is_active(content: bytes) -> bool:
	"""True when the PDF has scripts, launch actions or embedded files, or cannot be read at all."""
	from pypdf import PdfReader

	raw = content or b""
	if b"/JavaScript" in raw or b"/JS" in raw or b"/Launch" in raw:
		return True
	try:
		reader = PdfReader(io.BytesIO(raw), strict=False)
		seen: set = set()
		if _active(reader.trailer, seen):
			return True
		return any(_active(page.get_object(), seen) for page in reader.pages)
	except Exception:
		return True
