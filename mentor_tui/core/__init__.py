"""The pure domain: dataclasses, agendas, dates and rules. No Textual, no SQL."""
