// Frappe's datetime control shows minutes only and, on form load, re-parses what it shows: a stored
// time with seconds (set by the server: reported, shipped, delivered, arrived) then reads as a change
// and every such form opens as "Not Saved". On HEZO forms the stored value is kept while the user has
// not changed its minute. Loaded with each HEZO form that has an editable datetime (hooks.doctype_js).
(() => {
	const Control = frappe.ui.form.ControlDatetime;
	if (Control.prototype.hezo_keeps_seconds) return;
	const parse = Control.prototype.parse;
	Control.prototype.hezo_keeps_seconds = true;
	Control.prototype.parse = function (value) {
		const parsed = parse.call(this, value);
		const doctype = (this.frm && this.frm.doctype) || this.doctype || "";
		const stored = this.value;
		if (
			doctype.startsWith("HEZO ") &&
			parsed &&
			stored &&
			String(stored).slice(0, 16) === parsed.slice(0, 16)
		) {
			return stored;
		}
		return parsed;
	};
})();
