import frappe

from hezo_service.services.common.timezone import aware
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.tests.factories import HEZOTestCase


class TestHEZOCalendar(HEZOTestCase):
	def test_a_calendar_without_working_time_is_refused(self):
		doc = frappe.get_doc({"doctype": "HEZO Calendar", "calendar_name": "Empty", "intervals": []})
		with self.assertRaises(frappe.ValidationError) as error:
			doc.insert()
		self.assertIn("no working time", str(error.exception))

	def test_overlapping_intervals_are_refused(self):
		doc = frappe.get_doc(
			{
				"doctype": "HEZO Calendar",
				"calendar_name": "Overlap",
				"intervals": [
					{"weekday": "Monday", "start_time": "08:00", "end_time": "12:00"},
					{"weekday": "Monday", "start_time": "11:00", "end_time": "16:00"},
				],
			}
		)
		with self.assertRaises(frappe.ValidationError):
			doc.insert()

	def test_an_edited_calendar_reaches_the_clocks(self):
		calendar = frappe.get_doc("HEZO Calendar", "9x5")
		calendar.append("closed_dates", {"closed_date": "2026-12-01", "reason": "Inwentaryzacja"})
		calendar.save()
		rules = get_catalogue().rules("COCARE-STANDARD", "P3")
		due = rules.delivery_due(aware("2026-11-30 10:00:00"))
		# 9x5 is not the business-day calendar (8x5 is), so NBD is unchanged; the window is
		self.assertEqual(str(due.replace(tzinfo=None)), "2026-12-01 17:00:00")
		self.assertEqual(
			str(rules.response_due(aware("2026-11-30 16:30:00")).replace(tzinfo=None)), "2026-12-02 08:30:00"
		)
