"""The pair's side of sharing with a programme coordinator: the pseudonymised bundle.

`anonymize.export_plan_for` builds every record an export would write (pseudonyms from
keys.py, coarsened attributes from coarsen.py, free text scrubbed by scrub.py) so that the
CLI's `export --dry-run`, the app's export screen and the file written all hold the same
bytes; bundle.py is the file format, which the coordinator's importer reads too.

Textual-free and SQL-free (it is handed the repository), so the CLI, the app and the
coordinator side can all import it. See docs/coordinator.md.
"""
