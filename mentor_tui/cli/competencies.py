"""`mentor-tui competencies show`: the mentoring-competency check-in, its questions and a
mentorship's answers side by side over time."""

from __future__ import annotations

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.options import AS_JSON, MENTORSHIP
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core.catalogue import load_competencies
from mentor_tui.core.errors import UserError
from mentor_tui.launch import CliContext


@main.group()
def competencies() -> None:
    """The periodic mentoring-competency check-in."""


@competencies.command("show")
@MENTORSHIP
@AS_JSON
@click.pass_obj
def show_competencies(ctx: CliContext, mentorship: str | None, as_json: bool) -> None:
    """Show the questions and, for a mentorship, the answers side by side over time."""
    check = load_competencies(paths.prompts_dir(), paths.user_prompts_dir())
    if check is None:
        raise UserError(
            "There is no competency check-in file (competencies.toml); reinstall "
            "mentor-tui or put one in your config directory."
        )
    target, series, hint = None, [], None
    if mentorship or ctx.db_path.exists():
        with ctx.open_as() as repo:
            try:
                target = repo.mentorships.resolve(mentorship, person_id=repo.viewer_id)
            except UserError as exc:
                if mentorship:
                    raise
                hint = exc.message
            if target is not None:
                series = repo.competencies.series(target.id, check.competencies)
    if as_json:
        print_json({
            "note": check.note,
            "scale": {"min": check.scale_min, "max": check.scale_max,
                      "labels": list(check.scale_labels)},
            "competencies": [
                {"key": c.key, "title": c.title, "mentor_asks": c.mentor_asks,
                 "mentee_asks": c.mentee_asks}
                for c in check.competencies
            ],
            "mentorship": {"id": target.id, "title": target.title} if target else None,
            "series": [
                {"key": s.key, "title": s.title,
                 "points": [{"taken_on": p.taken_on, "mentor_self": p.mentor_self,
                             "mentee_view": p.mentee_view, "mentee_count": p.mentee_count,
                             "gap": p.gap} for p in s.points]}
                for s in series
            ],
        })  # fmt: skip
        return
    echo(check.note)
    low, high = check.scale_min, check.scale_max
    echo(f"\nScale {low}-{high}: {low} {check.label(low)} … {high} {check.label(high)}\n")
    for c in check.competencies:
        echo(f"{c.title}\n  Mentor: {c.mentor_asks}\n  Mentee: {c.mentee_asks}")
    if target is None:
        if hint:
            echo(f"\n(No answers shown: {hint})")
        return
    rows = [
        [s.title, p.taken_on.isoformat(), _score(p.mentor_self), _score(p.mentee_view),
         _score(p.gap)]
        for s in series for p in s.points
    ]  # fmt: skip
    echo(f"\nAnswers for {target.title}:")
    if not rows:
        echo("None yet.")
        return
    print_table(["COMPETENCY", "DATE", "MENTOR (SELF)", "MENTEE VIEW", "GAP"], rows)


def _score(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)
