// The customer portal's script (one cached file for every page; the pages read without it). Forms
// post to the portal's whitelisted methods with the session's CSRF token (frappe.csrf_token).
(function () {
	"use strict";
	const body = document.body;
	const hz = (window.hz = {
		lang: body.dataset.lang || "pl",
		loggedIn: body.dataset.loggedIn === "1",
		async post(method, data) {
			const headers = {
				Accept: "application/json",
				"X-Frappe-CSRF-Token": (window.frappe && window.frappe.csrf_token) || "",
			};
			let payload;
			if (data instanceof FormData) {
				data.append("_lang", hz.lang);
				payload = data;
			} else {
				headers["Content-Type"] = "application/json";
				payload = JSON.stringify(Object.assign({ _lang: hz.lang }, data));
			}
			const r = await fetch("/api/method/" + method, {
				method: "POST",
				headers,
				body: payload,
				credentials: "same-origin",
			});
			let json = {};
			try {
				json = await r.json();
			} catch (e) {
				// not JSON (a proxy's error page): the status text below says what happened
			}
			if (!r.ok) {
				let text = "";
				try {
					text = JSON.parse(json._server_messages || "[]")
						.map((m) => JSON.parse(m).message)
						.join(" ");
				} catch (e) {
					// no readable server messages: fall back to the exception or the status
				}
				if (!text && json.message && json.message.message) text = json.message.message;
				if (!text) text = json.exception || r.statusText;
				return { ok: false, status: r.status, message: text };
			}
			return { ok: true, status: r.status, data: json.message };
		},
		show(text, ok) {
			const el = document.getElementById("hz-msg");
			el.textContent = text;
			el.className = "hz-msg show alert " + (ok ? "alert-success" : "alert-danger");
			el.scrollIntoView({ block: "center" });
		},
	});
	const byId = (id) => document.getElementById(id);
	const value = (id) => byId(id).value;
	const onSubmit = (id, handler) => {
		const form = byId(id);
		if (form)
			form.addEventListener("submit", (e) => {
				e.preventDefault();
				handler(form);
			});
	};

	// the language: remembered in a cookie (guests) and the user's own setting
	document.querySelectorAll(".hz-set-lang").forEach((a) =>
		a.addEventListener("click", async (e) => {
			e.preventDefault();
			const lang = a.dataset.lang;
			document.cookie = "preferred_language=" + lang + "; path=/; SameSite=Lax";
			if (hz.loggedIn) await hz.post("hezo_service.api.portal.set_language", { lang });
			const url = new URL(location.href);
			url.searchParams.delete("_lang");
			location.href = url.toString();
		})
	);

	onSubmit("hz-signup", async (form) => {
		const r = await hz.post("hezo_service.api.portal.sign_up", {
			nip: value("hz-nip"),
			serial_no: value("hz-serial"),
			contract_no: value("hz-contract"),
			full_name: value("hz-name"),
			email: value("hz-email"),
			phone: value("hz-phone"),
		});
		hz.show(r.ok ? r.data.message : r.message, r.ok);
		if (r.ok) form.reset();
	});

	onSubmit("hz-link", async () => {
		const r = await hz.post("hezo_service.api.portal.link_customer", {
			nip: value("hz-nip"),
			serial_no: value("hz-serial"),
			contract_no: value("hz-contract"),
		});
		hz.show(r.ok ? r.data.message : r.message, r.ok);
	});

	// new ticket: the priorities of the chosen device's plan
	const select = byId("hz-device");
	if (select) {
		const showPlan = () => {
			const plan = select.selectedOptions[0].dataset.plan;
			document.querySelectorAll(".hz-priorities").forEach((el) => {
				el.hidden = el.dataset.plan !== plan;
			});
		};
		select.addEventListener("change", showPlan);
		showPlan();
	}
	onSubmit("hz-new-ticket", async () => {
		const [serial_no, contract_no] = select.value.split("|");
		const plan = select.selectedOptions[0].dataset.plan;
		const checked = document.querySelector(`input[name="priority-${plan}"]:checked`);
		const r = await hz.post("hezo_service.api.portal.create_ticket", {
			serial_no,
			contract_no,
			priority: checked ? checked.value : "",
			subject: value("hz-subject"),
			description: value("hz-description"),
		});
		if (!r.ok) return hz.show(r.message, false);
		const failed = [];
		for (const f of byId("hz-files").files) {
			const fd = new FormData();
			fd.append("ticket", r.data.name);
			fd.append("file", f, f.name);
			const u = await hz.post("hezo_service.api.portal.attach", fd);
			if (!u.ok) failed.push(f.name + ": " + u.message);
		}
		location.href =
			r.data.route + (failed.length ? "&upload_error=" + encodeURIComponent(failed.join(" ")) : "");
	});

	// the ticket page: reply, attach, escalate, answer a proposed delivery date
	const heading = byId("hz-ticket");
	const ticket = heading && heading.dataset.ticket;
	const done = (r) => {
		if (!r.ok) return hz.show(r.message, false);
		location.reload();
	};
	onSubmit("hz-reply", async () =>
		done(await hz.post("hezo_service.api.portal.reply", { ticket, message: value("hz-message") }))
	);
	onSubmit("hz-attach", async (form) => {
		const input = byId("hz-file");
		if (!input.files.length) return hz.show(form.dataset.empty, false);
		const fd = new FormData();
		fd.append("ticket", ticket);
		fd.append("file", input.files[0], input.files[0].name);
		done(await hz.post("hezo_service.api.portal.attach", fd));
	});
	onSubmit("hz-close", async () => done(await hz.post("hezo_service.api.portal.close_ticket", { ticket })));
	onSubmit("hz-reopen", async () =>
		done(
			await hz.post("hezo_service.api.portal.reopen_ticket", {
				ticket,
				reason: value("hz-reopen-reason"),
			})
		)
	);
	onSubmit("hz-escalate", async (form) => {
		const r = await hz.post("hezo_service.api.portal.escalate", { ticket, reason: value("hz-reason") });
		if (!r.ok) return hz.show(r.message, false);
		hz.show(form.dataset.done, true);
	});
	// a renewal request (the partner's renewal list, the customer's contracts): the button names its method
	document.querySelectorAll(".hz-request-renewal").forEach((button) =>
		button.addEventListener("click", async () => {
			button.disabled = true;
			const r = await hz.post(button.dataset.method, { contract: button.dataset.contract });
			hz.show(r.ok ? r.data.message : r.message, r.ok);
			if (r.ok) {
				const span = document.createElement("span");
				span.className = "hz-requested";
				span.textContent = r.data.quotation || button.dataset.done;
				button.replaceWith(span);
			} else button.disabled = false;
		})
	);

	// the RMA page: the customer confirms the replacement arrived
	const rmaTable = byId("hz-rma");
	onSubmit("hz-confirm-receipt", async () =>
		done(await hz.post("hezo_service.api.portal.confirm_receipt", { rma: rmaTable.dataset.rma }))
	);
	document.querySelectorAll(".hz-proposal").forEach((el) => {
		const answer = async (accept) =>
			done(
				await hz.post("hezo_service.api.portal.answer_delivery_proposal", {
					proposal: el.dataset.proposal,
					accept: accept ? 1 : 0,
				})
			);
		el.querySelector(".hz-accept").addEventListener("click", () => answer(true));
		el.querySelector(".hz-refuse").addEventListener("click", () => answer(false));
	});
})();
