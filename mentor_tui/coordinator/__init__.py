"""The coordinator side: bundle import, aggregate figures, reports, the dashboard.

Pairs write bundles with mentor_tui.share (anonymize.py, bundle.py), which the app and the
CLI use too; coordinators import bundles into their own database (importer.py,
store/programme) and build a suppressed report from it (aggregate.py, suppress.py,
report.py). See docs/coordinator.md.
"""
