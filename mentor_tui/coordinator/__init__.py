"""The coordinator side: anonymized export, bundle import, aggregate figures, reports.

Pairs run `plan_export` (anonymize.py) to write a bundle (bundle.py); coordinators import
bundles into their own database (importer.py, store/programme) and build a suppressed
report from it (aggregate.py, suppress.py, report.py). See docs/coordinator.md.
"""
