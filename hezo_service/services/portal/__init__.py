"""The customer portal's Frappe side: who sees what (`scope`), sign-up (`signup`), one context
function per portal page (`pages`) and the actions a customer can take (`actions`). Pure rules are in
`hezo_service.core.portal`; the web pages are in `hezo_service/www/hezo/`."""
