"""The portal's security boundary: which requests a website user or Guest may make (guard), the
client address rate limits key on (client), the budgets themselves (limits), CSRF for portal
sessions (sessions) and what an uploaded file may carry (uploads). docs/security.md says why."""
