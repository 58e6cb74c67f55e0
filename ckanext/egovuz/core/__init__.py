"""The shared core of the portal's plugins: what every plugin needs and none owns.

It is not a plugin: it has no tables, no actions and no config of its own. Each plugin
imports from here; nothing here imports a plugin's folder (so the import graph between
the domain folders stays without cycles).

- `datastore`: SQL helpers for the DataStore and CKAN databases (identifier quoting,
  columns of a table, `table_exists`, the DataStore's write engine).
- `context`: the action context of the current request (the anonymous user is `""`,
  as in CKAN's own views) and `validate()` (navl schema -> data or ValidationError).
- `auth`: auth functions shared by many actions (`public`, `operators_only`).
- `csrf`: the CSRF rule for anonymous form posts, one before-request hook that every
  blueprint with forms registers.
- `lists`: list parameters (organization, period, limit, offset) and CSV of a result,
  shared by the monitoring, statistics and AI pages.
- `pages` (with `templates/egovuz_core/` and `assets/`): the layout, chart, filter and
  pager of the monitoring, statistics and AI pages, and their view helpers.
"""
