"""Follow-up email templates: Jinja in a sandbox, with every mistake reported on one line.

Convention (docs/templates.md): a template's first line may be a Jinja comment that
describes it (`{# A short thank-you #}`), shown in the template picker; the first line the
template *renders* is `Subject: ...`, then the body. Users put their own `NAME.j2` files in
the `emails` folder of the config directory; one with the same name as a built-in wins.

The environment is `ImmutableSandboxedEnvironment` with `StrictUndefined`: a template can
read the documented variables and nothing else, cannot reach Python internals, cannot change
the data, and a misspelt variable is an error instead of an empty string.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mentor_tui import paths
from mentor_tui.core.errors import TemplateError, UserError

SUFFIX = ".j2"
DEFAULT_TEMPLATE = "followup"
# After a sensitive session (wellness, an ethics debrief) the follow-up starts from the
# template without notes: what was said stays in the room unless the sender chooses otherwise.
NOTES_FREE_TEMPLATE = "next-steps"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DESCRIPTION = re.compile(r"\A\s*\{#-?\s*(.*?)\s*-?#\}", re.S)
_SUBJECT = re.compile(r"subject:[ \t]*(.*)", re.I)
MAX_SEQUENCE = 100_000  # longest string or list a template may build with * or **
MAX_OUTPUT = 1_000_000  # characters


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    path: Path
    description: str
    builtin: bool


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    template: TemplateInfo

    @property
    def text(self) -> str:
        """What an editor shows: the subject line, a blank line, the body."""
        return compose_text(self.subject, self.body)


def builtin_dir() -> Path:
    return paths.prompts_dir() / "emails"


def user_dir() -> Path:
    return paths.user_prompts_dir() / "emails"


def search_dirs() -> list[Path]:
    """Where templates are looked up, first match wins: the user's, then the built-in ones."""
    return [user_dir(), builtin_dir()]


def _describe(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8")[:500]
    except (OSError, UnicodeDecodeError):
        return ""
    match = _DESCRIPTION.match(head)
    return " ".join(match.group(1).split()) if match else ""


def list_templates(dirs: Sequence[Path] | None = None) -> list[TemplateInfo]:
    """Every template by name, the user's version where both exist, sorted by name."""
    dirs = list(dirs) if dirs is not None else search_dirs()
    builtin = builtin_dir().resolve()
    found: dict[str, TemplateInfo] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            name = path.name[: -len(SUFFIX)]
            if name in found or not _NAME.fullmatch(name) or not path.is_file():
                continue
            found[name] = TemplateInfo(
                name=name,
                path=path,
                description=_describe(path),
                builtin=folder.resolve() == builtin,
            )
    ordered = sorted(found.values(), key=lambda t: (t.name != DEFAULT_TEMPLATE, t.name))
    return ordered


def default_template_for(context: dict[str, Any]) -> str:
    """The template a follow-up starts from: next steps only after a sensitive session."""
    return NOTES_FREE_TEMPLATE if context["session"].get("sensitive") else DEFAULT_TEMPLATE


def sensitive_warning(name: str, context: dict[str, Any]) -> str | None:
    """One sentence when a template that carries notes is picked after a sensitive session."""
    if not context["session"].get("sensitive") or name == NOTES_FREE_TEMPLATE:
        return None
    return (
        f"This was a {context['session']['agenda']} session: the {name} template may carry "
        f"what was said into an email; {NOTES_FREE_TEMPLATE} sends next steps only."
    )


def find_template(name: str, dirs: Sequence[Path] | None = None) -> TemplateInfo:
    """A template by name (`followup`, `followup.j2`) or by the path of a .j2 file."""
    candidate = Path(name).expanduser()
    if (os.sep in name or name.endswith(SUFFIX)) and candidate.is_file():
        return TemplateInfo(
            name=candidate.name.removesuffix(SUFFIX),
            path=candidate.resolve(),
            description=_describe(candidate),
            builtin=False,
        )
    bare = name.removesuffix(SUFFIX)
    templates = list_templates(dirs)
    for info in templates:
        if info.name == bare:
            return info
    names = ", ".join(t.name for t in templates) or "none"
    raise UserError(
        f'There is no email template called "{name}"; the templates are: {names} '
        f"(add your own as {user_dir() / 'NAME.j2'})."
    )


class _Sandbox(ImmutableSandboxedEnvironment):
    """The Jinja sandbox, plus a bound on `'x' * 10**9` style memory exhaustion."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponents above 64 are not allowed in templates")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_SEQUENCE
                ):
                    raise SecurityError("the result of that multiplication would be too long")
        return super().call_binop(context, operator, left, right)


def join_names(names: Any) -> str:
    """["Ana"] -> "Ana"; ["Ana", "Ben"] -> "Ana and Ben"; three -> "Ana, Ben and Cy"."""
    items = [str(n) for n in names if str(n)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def make_environment(search_path: Sequence[Path]) -> jinja2.Environment:
    env = _Sandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text mail: no HTML escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters["join_names"] = join_names
    return env


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _location(exc: BaseException, info: TemplateInfo) -> tuple[str, int | None]:
    """The template file and line an error happened at, from Jinja's rewritten traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or str(info.path), exc.lineno
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith(SUFFIX) or frame.filename == str(info.path):
            return frame.filename, frame.lineno
    return str(info.path), None


def _problem(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntax error: {_one_line(exc.message or exc)}"
    if isinstance(exc, SecurityError | OverflowError | MemoryError):
        return f"blocked by the sandbox: {_one_line(exc)}"
    if isinstance(exc, jinja2.UndefinedError):
        return (
            f"unknown variable: {_one_line(exc.message or exc)} "
            "(docs/templates.md lists the variables)"
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"includes a template that does not exist: {_one_line(exc.name)}"
    if isinstance(exc, UnicodeDecodeError):
        return "the file is not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "it calls itself without end"
    return f"{type(exc).__name__}: {_one_line(exc)}"


def template_error(exc: BaseException, info: TemplateInfo) -> TemplateError:
    filename, line = _location(exc, info)
    where = f"{filename}, line {line}" if line else filename
    problem = _problem(exc).rstrip()
    if not problem.endswith("."):
        problem += "."
    return TemplateError(f"Template {where}: {problem}")


def compose_text(subject: str, body: str) -> str:
    return f"Subject: {subject}\n\n{body}"


def split_text(text: str) -> tuple[str, str]:
    """`Subject: ...`, then the body; raises UserError when the subject line is missing."""
    lines = text.lstrip("\r\n \t").splitlines()
    match = _SUBJECT.fullmatch(lines[0].strip()) if lines else None
    if not match or not match.group(1).strip():
        raise UserError(
            "The first line must be the subject, as `Subject: ...`; add it and try again."
        )
    subject = " ".join(match.group(1).split())
    body = "\n".join(line.rstrip() for line in lines[1:]).strip("\n")
    return subject, body + "\n"


def render_email(
    name: str,
    context: dict[str, Any],
    *,
    dirs: Sequence[Path] | None = None,
) -> RenderedEmail:
    """Render a template to a subject and a body; any problem is one TemplateError line."""
    info = find_template(name, dirs)
    search = [info.path.parent] + [d for d in (dirs if dirs is not None else search_dirs())]
    env = make_environment([d for d in search if d.is_dir()])
    try:
        template = env.get_template(info.path.name)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the email would be longer than {MAX_OUTPUT} characters")
            chunks.append(chunk)
    except TemplateError:
        raise
    except Exception as exc:  # anything a template can raise becomes one line
        raise template_error(exc, info) from None
    text = "".join(chunks)
    try:
        subject, body = split_text(text)
    except UserError:
        raise TemplateError(
            f"Template {info.path}, line 1: the first line it writes must be "
            "`Subject: ...` (see docs/templates.md)."
        ) from None
    return RenderedEmail(subject=subject, body=body, template=info)
