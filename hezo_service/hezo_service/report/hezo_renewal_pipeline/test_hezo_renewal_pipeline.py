import frappe

from hezo_service.hezo_service.report.hezo_renewal_pipeline.hezo_renewal_pipeline import execute
from hezo_service.services.contracts import lifecycle
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_partner,
)


class TestRenewalPipeline(HEZOTestCase):
	def test_contracts_ending_within_the_horizon_with_value_and_partner(self):
		customer = make_customer(NIPS[5])
		partner = make_partner("Pipeline Partner")
		for i, end in enumerate(("2026-11-20", "2026-12-20", "2027-01-20", "2027-03-01", "2026-11-25")):
			make_device(f"PL-{i}", customer)
			make_contract(f"PL-{i}", customer, "HEZO-360", [f"PL-{i}"], "2026-01-01", end)
			frappe.db.set_value("HEZO Contract", f"PL-{i}", {"partner": partner, "price": 1000 * (i + 1)})
		with self.freeze_time("2026-11-01 08:00:00"):
			lifecycle.renew("PL-4")
			_cols, rows30, _m, _chart = execute({"days": "30"})
			_cols, rows90, _m, chart = execute({"days": "90", "partner": partner})
		names30 = [r.contract for r in rows30 if r.contract.startswith("PL-")]
		names90 = [r.contract for r in rows90]
		self.assertEqual(names30, ["PL-0"])
		self.assertEqual(names90, ["PL-0", "PL-1", "PL-2"])
		self.assertEqual([r.bucket for r in rows90], ["≤ 30", "31–60", "61–90"])
		self.assertEqual(rows90[1].partner, partner)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1000, 2000, 3000])
