// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

// The ticket form: the SLA clocks with a live countdown (server time, not the browser's), the
// desk's actions (phone contact, validity, a later delivery date, escalation) and a priority picker
// offering the priorities of the ticket's service plan.

frappe.provide("hezo_service.core.tickets");

const HEZO_API = "hezo_service.api.tickets";
const HEZO_STOPPED = ["Resolved", "Closed"];
const HEZO_CLOCK_STATE_COLOURS = {
	Running: "green",
	Paused: "gray",
	Met: "blue",
	Breached: "red",
};

frappe.ui.form.on("HEZO Ticket", {
	setup(frm) {
		frm.hezo = { timer: null, token: 0, priorities: [] };
	},

	refresh(frm) {
		hezo_service.core.tickets.stop_countdown(frm);
		hezo_service.core.tickets.setup_priority_picker(frm);
		hezo_service.core.tickets.load_priorities(frm);
		if (frm.is_new()) return;
		hezo_service.core.tickets.add_actions(frm);
		hezo_service.core.tickets.render_clocks(frm);
	},

	contract_no(frm) {
		hezo_service.core.tickets.load_priorities(frm);
	},

	plan(frm) {
		hezo_service.core.tickets.load_priorities(frm);
	},
});

Object.assign(hezo_service.core.tickets, {
	// --- clocks -------------------------------------------------------------------------------

	clocks() {
		return [
			{ key: "response", label: __("Response", null, "HEZO Ticket") },
			{ key: "follow_up", label: __("Follow-up", null, "HEZO Ticket") },
			{ key: "delivery", label: __("Delivery", null, "HEZO Ticket") },
		];
	},

	// A stored (naive, system time zone) datetime as epoch milliseconds.
	epoch(value) {
		if (!value) return null;
		const zone = frappe.boot.time_zone && frappe.boot.time_zone.system;
		if (zone && moment.tz) return moment.tz(value, zone).valueOf();
		return frappe.datetime.str_to_obj(value).getTime();
	},

	stop_countdown(frm) {
		if (frm.hezo && frm.hezo.timer) {
			clearInterval(frm.hezo.timer);
			frm.hezo.timer = null;
		}
	},

	async render_clocks(frm) {
		const token = ++frm.hezo.token;
		const name = frm.doc.name;
		let data;
		try {
			data = await frappe.xcall(`${HEZO_API}.clocks`, { ticket: name });
		} catch (e) {
			return;
		}
		// a newer refresh (or another ticket) came while waiting: it draws its own panel
		if (token !== frm.hezo.token || frm.doc.name !== name) return;

		const server_now = hezo_service.core.tickets.epoch(data.now);
		frm.hezo.offset = server_now ? server_now - Date.now() : 0;
		frm.hezo.data = data;

		frm.dashboard.parent.find(".hezo-sla-clocks").closest(".form-dashboard-section").remove();
		const $body = frm.dashboard.add_section(
			hezo_service.core.tickets.clocks_html(data),
			__("SLA clocks")
		);
		$body.addClass("hezo-sla-clocks");
		frm.dashboard.show();

		hezo_service.core.tickets.tick(frm, $body);
		frm.hezo.timer = setInterval(() => {
			// the form was left or shows another ticket: stop (refresh starts a new countdown)
			if (frm.doc.name !== name || !$body.is(":visible") || cur_frm !== frm) {
				hezo_service.core.tickets.stop_countdown(frm);
				return;
			}
			hezo_service.core.tickets.tick(frm, $body);
		}, 1000);
	},

	clocks_html(data) {
		const delivery_kinds = {
			hours: __("Delivery within hours"),
			nbd: __("Next business day"),
			nbd_ship: __("Shipped by next business day"),
		};
		const columns = hezo_service.core.tickets.clocks().map((clock) => {
			const due = data[`${clock.key}_due`];
			const state = data[`${clock.key}_state`] || "";
			const colour = HEZO_CLOCK_STATE_COLOURS[state] || "gray";
			const state_label = state ? __(state, null, "HEZO Ticket") : __("Not started");
			const kind =
				clock.key === "delivery" && data.delivery_kind
					? `<div class="text-muted small">${delivery_kinds[data.delivery_kind] || ""}</div>`
					: "";
			const due_label = due
				? frappe.format(due, { fieldtype: "Datetime" })
				: `<span class="text-muted">${__("No due time")}</span>`;
			return `
				<div class="col-sm-4 hezo-clock" data-clock="${clock.key}"
					data-due="${due || ""}" data-state="${state}">
					<div class="flex justify-between align-center">
						<span class="bold">${clock.label}</span>
						<span class="indicator-pill ${colour}">${state_label}</span>
					</div>
					${kind}
					<div class="small" style="margin-top: var(--margin-xs)">
						${__("Due")}: ${due_label}
					</div>
					<div class="hezo-remaining" style="font-size: var(--text-xl); font-variant-numeric: tabular-nums; margin-top: var(--margin-xs)"></div>
				</div>`;
		});
		return `<div class="row">${columns.join("")}</div>`;
	},

	tick(frm, $body) {
		const now = Date.now() + (frm.hezo.offset || 0);
		$body.find(".hezo-clock").each(function () {
			const $clock = $(this);
			const state = $clock.attr("data-state");
			const due = hezo_service.core.tickets.epoch($clock.attr("data-due"));
			const $remaining = $clock.find(".hezo-remaining");
			if (!due || !["Running", "Breached"].includes(state)) {
				const texts = { Met: __("Met"), Paused: __("Paused: the clock is stopped") };
				$remaining.html(`<span class="text-muted small">${texts[state] || "&nbsp;"}</span>`);
				return;
			}
			const left = due - now;
			const text = hezo_service.core.tickets.format_duration(Math.abs(left));
			if (left >= 0) {
				$remaining.html(`<span class="text-success">${__("{0} left", [text])}</span>`);
			} else {
				$remaining.html(`<span class="text-danger">${__("Overdue by {0}", [text])}</span>`);
			}
		});
	},

	format_duration(ms) {
		const total = Math.floor(ms / 1000);
		const days = Math.floor(total / 86400);
		const pad = (n) => String(n).padStart(2, "0");
		const hms = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(
			total % 60
		)}`;
		return days ? __("{0} d {1}", [days, hms]) : hms;
	},

	// --- actions ------------------------------------------------------------------------------

	add_actions(frm) {
		const doc = frm.doc;
		if (!frm.perm[0] || !frm.perm[0].write || HEZO_STOPPED.includes(doc.status)) return;
		const group = __("SLA actions");
		const run = hezo_service.core.tickets.run_action;

		if (doc.clock_started_at) {
			frm.add_custom_button(
				__("Log phone contact"),
				() =>
					frappe.prompt(
						[
							{
								fieldname: "note",
								fieldtype: "Small Text",
								label: __("Note"),
								description: __(
									"What was agreed on the phone. It meets the response or follow-up clock."
								),
							},
						],
						(values) =>
							run(frm, "log_contact", { note: values.note }, __("Phone contact logged")),
						__("Log phone contact"),
						__("Log contact")
					),
				group
			);
		}

		if (
			["Verification", "Awaiting Customer", "In Progress"].includes(doc.status) &&
			!doc.validity_confirmed_at
		) {
			frm.add_custom_button(
				__("Confirm validity"),
				() =>
					frappe.confirm(
						__(
							"Confirm that the ticket is valid? This starts the delivery clock and needs the technical interview and the service tests or device logs."
						),
						() => run(frm, "confirm_validity", {}, __("Validity confirmed"))
					),
				group
			);
		}

		if (doc.validity_confirmed_at && !doc.delivered_at) {
			frm.add_custom_button(
				__("Accept later delivery date"),
				() =>
					frappe.prompt(
						[
							{
								fieldname: "delivery_at",
								fieldtype: "Datetime",
								label: __("Delivery date accepted by the customer"),
								reqd: 1,
							},
							{
								fieldname: "accepted_by",
								fieldtype: "Data",
								label: __("Accepted by"),
								description: __("Who at the customer accepted the later date."),
								reqd: 1,
								default: doc.reporter_name,
							},
						],
						(values) =>
							run(
								frm,
								"accept_later_delivery",
								{
									delivery_at: values.delivery_at,
									accepted_by: values.accepted_by,
								},
								__("Later delivery date recorded")
							),
						__("Accept later delivery date"),
						__("Save")
					),
				group
			);
		}

		frm.add_custom_button(
			__("Escalate"),
			() =>
				frappe.prompt(
					[
						{
							fieldname: "reason",
							fieldtype: "Small Text",
							label: __("Reason"),
							reqd: 1,
						},
					],
					(values) => run(frm, "escalate", { reason: values.reason }, __("Ticket escalated")),
					__("Escalate ticket"),
					__("Escalate")
				),
			group
		);
	},

	async run_action(frm, method, args, done_message) {
		try {
			if (frm.is_dirty()) await frm.save();
			await frappe.xcall(`${HEZO_API}.${method}`, { ticket: frm.doc.name, ...args });
		} catch (e) {
			return; // the server's message is already shown
		}
		frappe.show_alert({ message: done_message, indicator: "green" });
		frm.reload_doc();
	},

	// --- priority picker ----------------------------------------------------------------------

	setup_priority_picker(frm) {
		const field = frm.get_field("priority");
		if (!field || !field.$input || field.hezo_awesomplete) return;
		const input = field.$input.get(0);
		const awesomplete = new Awesomplete(input, {
			minChars: 0,
			maxItems: 20,
			autoFirst: true,
			list: [],
			filter: (item, text) =>
				!text || text === field.get_value() || Awesomplete.FILTER_CONTAINS(item.label, text),
			sort: false,
			item: (item) => {
				const row = frm.hezo.priorities.find((p) => p.priority === item.value) || {};
				const hint = hezo_service.core.tickets.priority_hint(row);
				return $(`<li><a><p><strong>${frappe.utils.escape_html(item.value)}</strong>
					${hint ? `<br><span class="small text-muted">${frappe.utils.escape_html(hint)}</span>` : ""}
					</p></a></li>`).get(0);
			},
		});
		field.hezo_awesomplete = awesomplete;
		field.$input.on("focus", () => {
			if (awesomplete._list && awesomplete._list.length) awesomplete.evaluate();
		});
		field.$input.on("awesomplete-selectcomplete", (e) => {
			const value = e.originalEvent.text.value;
			frm.set_value("priority", value);
		});
	},

	priority_hint(row) {
		const label = frappe.boot.lang === "pl" ? row.label_pl || row.label_en : row.label_en || row.label_pl;
		const parts = [];
		if (label && label !== row.priority) parts.push(label);
		if (row.response_hours) parts.push(__("response {0} h", [row.response_hours]));
		return parts.join(" · ");
	},

	async load_priorities(frm) {
		const args = { plan: frm.doc.plan || null, contract_no: frm.doc.contract_no || null };
		if (!args.plan && !args.contract_no) return hezo_service.core.tickets.set_priorities(frm, null, []);
		let result;
		try {
			result = await frappe.xcall("hezo_service.api.desk.plan_priorities", args);
		} catch (e) {
			return;
		}
		hezo_service.core.tickets.set_priorities(frm, result.plan, result.priorities || []);
	},

	set_priorities(frm, plan, rows) {
		frm.hezo.priorities = rows;
		const field = frm.get_field("priority");
		if (field && field.hezo_awesomplete) {
			field.hezo_awesomplete.list = rows.map((row) => ({
				label: row.priority,
				value: row.priority,
			}));
		}
		const names = rows.map((row) => row.priority);
		frm.set_df_property(
			"priority",
			"description",
			names.length
				? __("Priorities of plan {0}: {1}", [plan, names.join(", ")])
				: __("A priority of the plan's scheme.")
		);
	},
});
