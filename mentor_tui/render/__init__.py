"""What leaves the app for people: follow-up email (.eml, mailto, plain text), .ics, Markdown.

Everything here takes core dataclasses that a caller has already loaded (the CLI and the TUI
read the repository); nothing here speaks SQL or imports the store.
"""
