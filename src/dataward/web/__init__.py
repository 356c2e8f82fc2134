"""Server-rendered pages: the privacy center for the public and the console for the staff.

A thin shell over the parts, like the API and the CLI: each page reads through the parts'
services and holds no rules of its own. Jinja2 templates, one stylesheet, and one small
script that only tidies the request form; every journey works without JavaScript (forms
post, then redirect).

- ``/privacy-center``: the notice and what changed, requests for every right (code,
  status, download), preferences by signed link, cookie settings, one-click unsubscribe.
- ``/console``: staff log in with a password (:mod:`.accounts`, :mod:`.sessions`); the
  request queue and actions, retention, legal holds, the audit log, policy, inventory.

Every POST carries a CSRF token (:mod:`.csrf`). The router the app includes is
:data:`dataward.web.router.router`; this package's top imports nothing, so that the
tables (:mod:`.models`) can be imported without FastAPI.
"""
