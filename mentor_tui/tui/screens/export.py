"""Export pseudonymised log: see exactly what would leave for the programme coordinator, then write it.

The preview and the file come from one plan (mentor_tui.share.anonymize.export_plan_for, the
function `mentor-tui export --pseudonymised --dry-run` uses): "What leaves" sums it up (how
many records of each type, which fields, and the re-identification risk that remains), "Scrubbed text" lists every piece of free text as it
would leave (only when "Include text" is ticked), and "The file" holds the exact lines. Write
(F2) puts those same bytes in a 0600 file and remembers the programme code; nothing else is
written, except that the first preview makes this database's pseudonym key (as the CLI's dry
run does) so that the preview shows the pseudonyms the file will hold.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from mentor_tui.core.errors import UserError
from mentor_tui.share.anonymize import (
    PROGRAMME_SETTING,
    ExportPlan,
    export_plan_for,
    fields_by_type,
    free_texts,
    resolve_programme,
)
from mentor_tui.share.bundle import FORMAT, VERSION
from mentor_tui.tui import keymap, saving
from mentor_tui.tui.commands import Command
from mentor_tui.tui.fmt import Piece
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

# Typing a programme code rebuilds the preview once the typing pauses this long.
REBUILD_AFTER = 0.3
PLACEHOLDER = re.compile(r"\[(?:NAME|EMAIL|PHONE|URL|DATE|ID|PLACE)\]")
PLURALS = {"mentorship": "mentorships", "session": "sessions", "goal": "goals",
           "action": "action items", "note": "shared notes"}  # fmt: skip
SINGULARS = {"action": "action item", "note": "shared note"}
TEXT_GROUPS = ["shared notes", "goal titles", "action items", "rating words", "agenda names"]


def _marked(text: str) -> Content:
    """Scrubbed text with its placeholders picked out."""
    parts: list[Piece] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[last : match.start()])
        parts.append((match.group(), "bold $text-warning"))
        last = match.end()
    parts.append(text[last:])
    return Content.assemble(*parts)


class ExportScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "export.tcss"
    BINDINGS = [*keymap.EXPORT]
    PALETTE = [
        Command("Write the bundle", "Write the pseudonymised log shown here to a file", "write"),
        Command("Include note text", "Add the notes' words to the bundle, or leave them out", "toggle_text"),
    ]
    AUTO_FOCUS = "#programme"

    def __init__(self) -> None:
        super().__init__()
        self.plan: ExportPlan | None = None
        self.preview: bytes = b""  # exactly what Write puts in the file
        self.problem: str | None = None
        self.written: Path | None = None
        self._default = ""
        self._rebuild_timer: Timer | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        code = self.app.repo.get_setting(PROGRAMME_SETTING) or ""
        yield TopBar("Export pseudonymised log", status="nothing written yet")
        with Vertical(id="export-body"):
            with Horizontal(id="export-controls"):
                yield Label("Programme", id="programme-label")
                yield Input(
                    code, placeholder="the code your coordinator gave you", id="programme",
                    compact=True,
                )
                yield Checkbox("Include text, scrubbed", id="include-text", compact=True)
            yield Static("", id="export-problem", classes="banner -error")
            with TabbedContent(id="export-tabs"):
                with TabPane("What leaves", id="tab-summary"):
                    yield VerticalScroll(id="export-summary", classes="export-pane")
                with TabPane("Scrubbed text", id="tab-text"), VerticalScroll(classes="export-pane"):
                    yield Static("", id="export-texts")
                with TabPane("The file, line by line", id="tab-lines"):
                    yield TextArea(
                        "", id="export-lines", read_only=True, soft_wrap=True,
                        show_line_numbers=True, highlight_cursor_line=False,
                    )
            with Horizontal(id="export-save-row"):
                yield Label("Save as", id="export-save-label")
                self._default = self._default_path(code)
                yield Input(self._default, id="bundle-path", compact=True)
                yield Button("Write bundle", id="export-write", compact=True, variant="primary")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.rebuild()

    # -- the plan --------------------------------------------------------------------------

    def _default_path(self, code: str) -> str:
        day = self.app.today().isoformat()
        stem = code.strip().lower() if code.strip() else "pseudonymised-log"
        return saving.field_value(self.app, f"~/{stem}-{day}.jsonl")

    @property
    def include_text(self) -> bool:
        return self.query_one("#include-text", Checkbox).value

    @property
    def programme(self) -> str:
        return self.query_one("#programme", Input).value.strip()

    async def rebuild(self) -> None:
        """Build the plan from what the screen says now, and show it."""
        self._rebuild_timer = None
        app = self.app
        try:
            plan = export_plan_for(
                app.repo,
                programme=self.programme or None,
                include_text=self.include_text,
                remember=False,
                today=app.today(),
                exported_at=app.now(),
            )
        except UserError as exc:
            self.plan, self.preview, self.problem = None, b"", exc.message
        else:
            self.plan, self.problem = plan, None
            self.preview = b"".join(plan.lines())
        await self._show()

    async def _show(self) -> None:
        problem = self.query_one("#export-problem", Static)
        problem.update(self.problem or "")
        problem.display = self.problem is not None
        self.query_one("#export-write", Button).disabled = self.plan is None
        summary = self.query_one("#export-summary", VerticalScroll)
        await summary.remove_children()
        await summary.mount_all(self._summary())
        self.query_one("#export-texts", Static).update(self._texts())
        # The last line ends with a newline like every other; the view shows no empty line after.
        text = self.preview.decode("utf-8").removesuffix("\n")
        self.query_one("#export-lines", TextArea).load_text(text)
        tabs = self.query_one("#export-tabs", TabbedContent)
        count = len(free_texts(self.plan)) if self.plan and self.plan.include_text else 0
        tabs.get_tab("tab-text").label = f"Scrubbed text ({count})" if count else "Scrubbed text"
        lines = self.preview.count(b"\n")
        tabs.get_tab("tab-lines").label = f"The file, {lines} lines" if lines else "The file"

    def _summary(self) -> list[Widget]:
        plan = self.plan
        if plan is None:
            return [
                Static(
                    Content.assemble(
                        ("Nothing to show yet. ", "bold"),
                        "Type your programme's code above (your coordinator has it): the "
                        "preview of exactly what would leave appears here, and nothing is "
                        "written until you press Write.",
                    ),
                    classes="export-para",
                )
            ]
        header = plan.header
        head = Content.assemble(
            ("Programme ", "$text-muted"), (plan.programme, "bold"),
            ("  ·  format ", "$text-muted"), f"{FORMAT} v{VERSION}",
            ("\nExport day ", "$text-muted"), header["exported_at"],
            ("\nThis database as ", "$text-muted"), header["source"],
            ("\nNothing is written until you press Write; the file holds exactly the lines "
             'under "The file".', "$text-muted"),
        )  # fmt: skip
        widgets: list[Widget] = [
            Static(head, classes="export-head"),
            Static(Content("What a coordinator could still learn").stylize("bold $text-warning"),
                   classes="export-heading"),
            Static("\n".join(plan.risk()), id="export-risk", classes="export-plain"),
            Static(
                Content.assemble(
                    ("In the file", "bold $text-primary"),
                    ("  one line each, between a header and a checksum line", "$text-muted"),
                ),
                classes="export-heading",
            ),
        ]
        found = fields_by_type(plan)
        if not found:
            widgets.append(Static("No records: this database has no mentorship yet."))
        for kind, count, fields in found:
            name = (PLURALS if count != 1 else SINGULARS).get(kind, kind)
            widgets.append(
                Horizontal(
                    Static(Content.assemble((f"{count:>4} ", "bold"), (name, "bold")),
                           classes="export-kind"),
                    Static(Content(", ".join(fields)), classes="export-fields"),
                    classes="export-row",
                )
            )  # fmt: skip
        words = [line.replace("add --include-text", 'tick "Include text"') for line in
                 plan.describe()[1:]]  # fmt: skip
        widgets += [
            Static(Content("In plain words").stylize("bold $text-primary"),
                   classes="export-heading"),
            Static("\n".join(words), classes="export-plain"),
        ]  # fmt: skip
        return widgets

    def _texts(self) -> Content:
        plan = self.plan
        if plan is None or not plan.include_text:
            return Content.assemble(
                ("No free text leaves. ", "bold"),
                'Tick "Include text, scrubbed" to send shared notes, goal titles, action '
                "items, rating words and the names of your own agendas, with names, e-mail "
                "addresses, phone numbers, URLs, dates and record numbers replaced by "
                "placeholders. Each piece is listed here, as it would leave, before anything "
                "is written. Private notes never leave.",
            )
        pieces = free_texts(plan)
        if not pieces:
            return Content("There is no shared text to send.")
        found = Counter(PLACEHOLDER.findall("\n".join(text for _, text in pieces)))
        marks = ", ".join(f"{n} x {k}" for k, n in sorted(found.items())) or "none"
        parts: list[Piece] = [
            (
                f"{len(pieces)} pieces of text leave, scrubbed (placeholders put in: {marks}). "
                "Read them: the scrubber cannot know every name (a patient's surname that "
                "nobody typed into mentor-tui goes through). Private notes never leave.",
                "$text-muted",
            )
        ]
        groups: dict[str, list[tuple[str, str]]] = {}
        for what, text in pieces:
            group = "shared notes" if what.startswith("shared note") else what + "s"
            groups.setdefault(group, []).append((what, text))
        for group in TEXT_GROUPS + [g for g in groups if g not in TEXT_GROUPS]:
            if group not in groups:
                continue
            items = groups[group]
            parts.append((f"\n\n{group.capitalize()} ({len(items)})", "bold $text-primary"))
            for what, text in items:
                parts.append(("\n· ", "$text-muted"))
                if group == "shared notes":
                    section = what.removeprefix("shared note (").removesuffix(" section)")
                    parts.append((f"{section}: ", "$text-muted"))
                parts.append(_marked(text))
        return Content.assemble(*parts)

    # -- events ----------------------------------------------------------------------------

    @on(Input.Changed, "#programme")
    def _programme_changed(self, event: Input.Changed) -> None:
        path = self.query_one("#bundle-path", Input)
        if path.value == self._default:  # not changed by hand: follow the code
            self._default = self._default_path(event.value)
            path.value = self._default
        if self._rebuild_timer is not None:
            self._rebuild_timer.stop()
        self._rebuild_timer = self.set_timer(REBUILD_AFTER, self.rebuild)

    @on(Input.Submitted, "#programme")
    async def _programme_submitted(self) -> None:
        if self._rebuild_timer is not None:
            self._rebuild_timer.stop()
        await self.rebuild()

    @on(Checkbox.Changed, "#include-text")
    async def _text_toggled(self) -> None:
        await self.rebuild()
        if self.include_text and self.plan is not None:
            self.query_one("#export-tabs", TabbedContent).active = "tab-text"

    # -- actions ---------------------------------------------------------------------------

    def action_toggle_text(self) -> None:
        box = self.query_one("#include-text", Checkbox)
        box.value = not box.value

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#export-write")
    @on(Input.Submitted, "#bundle-path")
    async def action_write(self) -> None:
        if self._rebuild_timer is not None:  # a code still being typed: show it first
            self._rebuild_timer.stop()
            await self.rebuild()
        if self.plan is None:
            self.app.notify(self.problem or "Nothing to write yet.", severity="warning")
            self.query_one("#programme", Input).focus()
            return
        raw = self.query_one("#bundle-path", Input).value.strip()
        if not raw:
            self.app.notify("Type where to write the bundle first.", severity="warning")
            self.query_one("#bundle-path", Input).focus()
            return
        plan = self.plan

        def done(path: Path, where: str, replaced: bool) -> None:
            try:
                resolve_programme(self.app.repo, plan.programme, remember=True)
            except UserError as exc:
                self.app.notify(exc.message, severity="error", timeout=10)
            self.written = path
            counts = plan.counts()
            self.query_one(TopBar).set_status(f"written to {path}")
            self.app.notify(
                f"Wrote {counts['session']} session(s) of {counts['mentorship']} mentorship(s) "
                f"to {where} (readable only by you); send it to your programme coordinator.",
                timeout=15,
            )

        saving.save_as(
            self,
            raw,
            render=lambda: b"".join(plan.lines()),
            write_local=plan.write,
            done=done,
        )
