// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

const HEZO_SLA_COLOURS = {
	"On track": "green",
	"At risk": "orange",
	Breached: "red",
	Met: "blue",
	Paused: "gray",
};

const HEZO_STATUS_COLOURS = {
	"Awaiting Details": "yellow",
	New: "red",
	"In Progress": "blue",
	"Awaiting Customer": "purple",
	Verification: "cyan",
	Confirmed: "blue",
	Resolved: "green",
	Closed: "gray",
};

frappe.listview_settings["HEZO Ticket"] = {
	add_fields: [
		"status",
		"sla_state",
		"escalation_level",
		"response_due",
		"response_state",
		"follow_up_due",
		"follow_up_state",
		"delivery_kind",
		"delivery_due",
		"delivery_state",
	],
	hide_name_column: false,

	get_indicator(doc) {
		const colour = HEZO_SLA_COLOURS[doc.sla_state];
		if (colour) {
			return [
				__(doc.sla_state, null, "HEZO Ticket"),
				colour,
				`sla_state,=,${doc.sla_state}`,
			];
		}
		if (doc.status) {
			return [
				__(doc.status, null, "HEZO Ticket"),
				HEZO_STATUS_COLOURS[doc.status] || "gray",
				`status,=,${doc.status}`,
			];
		}
	},

	formatters: {
		sla_state(value) {
			const colour = HEZO_SLA_COLOURS[value];
			const label = value ? __(value, null, "HEZO Ticket") : "";
			if (!colour) return label;
			return `<span class="indicator-pill ${colour} ellipsis">${label}</span>`;
		},
	},
};
