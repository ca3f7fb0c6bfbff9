"""Weekly reports, targets and tallies (issue 7). What to import from where:

- `reports.services`: writes (`report_file`, `report_accept`, `report_return`, `report_unlock`,
  `reports_import`, `target_set`, `rollup_decide`, `obligation_ensure`; reminders in `reports.reminders`).
- `reports.selectors`: reads, above all the tallies (`news_tally`, `org_week_tally`,
  `completeness_grid`, `completeness_summary`), and `reports.rollups` (`rollup_month`, `quarter_review`);
  each runs a fixed number of queries whatever the date range.
- `reports.api`: the `/api/v1/reports/` router; `views`/`urls`: the dashboard and form pages.
- `reports.exports`: CSV/XLSX out and in; `chart`: the server-rendered SVG; `printing`: the
  Jinja2 monthly report; `jobs`: the reminder job.
"""
