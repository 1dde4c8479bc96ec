// The partner pages' script (after hezo_portal.js, which defines window.hz and the renewal request):
// the partner sign-up and link post to hezo_service.api.partner with the session's CSRF token.
(function () {
	"use strict";
	const hz = window.hz;
	const value = (id) => document.getElementById(id).value;
	const form = (id, method, data) => {
		const el = document.getElementById(id);
		if (!el) return;
		el.addEventListener("submit", async (e) => {
			e.preventDefault();
			const r = await hz.post(method, data());
			hz.show(r.ok ? r.data.message : r.message, r.ok);
			if (r.ok && id === "hz-partner-signup") el.reset();
		});
	};
	form("hz-partner-signup", "hezo_service.api.partner.sign_up", () => ({
		tax_id: value("hz-tax-id"),
		contract_no: value("hz-contract"),
		full_name: value("hz-name"),
		email: value("hz-email"),
		phone: value("hz-phone"),
	}));
	form("hz-partner-link", "hezo_service.api.partner.link_partner", () => ({
		tax_id: value("hz-tax-id"),
		contract_no: value("hz-contract"),
	}));
})();
