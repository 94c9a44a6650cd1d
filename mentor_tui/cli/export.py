"""`mentor-tui export --pseudonymised`: the pair's pseudonymised log for their programme coordinator.

`--anonymized` is the flag's older name and still works.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mentor_tui.cli import main
from mentor_tui.files import write_private
from mentor_tui.launch import CliContext
from mentor_tui.share.anonymize import enrolment_for, export_plan_for
from mentor_tui.share.bundle import enrolment_record
from mentor_tui.share.keys import fingerprint


@main.command("export")
@click.option(
    "--pseudonymised",
    "--anonymized",
    "pseudonymised",
    is_flag=True,
    help="Keyed pseudonyms, coarsened attributes, ISO weeks; required (the only kind there "
    "is). --anonymized is its older name.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the bundle (JSON Lines, created 0600).",
)
@click.option(
    "--include-text",
    is_flag=True,
    help="Also send shared notes, goal titles and action items, scrubbed of names, e-mail "
    "addresses, phone numbers, URLs, dates and record numbers. Private notes never leave.",
)
@click.option(
    "--programme",
    metavar="CODE",
    help="Your programme's code (from your coordinator); remembered for next time.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Write nothing: print the exact bundle lines on stdout and a summary on stderr.",
)
@click.option(
    "--enrolment",
    "enrolment",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the small file your coordinator enrols you with (your source id and public "
    "signing key, nothing else), and show your key's fingerprint.",
)
@click.pass_obj
def export_cmd(
    ctx: CliContext,
    pseudonymised: bool,
    out: Path | None,
    include_text: bool,
    programme: str | None,
    dry_run: bool,
    enrolment: Path | None,
) -> None:
    """Write the pseudonymised log your programme coordinator imports.

    Nothing with a name, an e-mail address or an exact date leaves, and no notes unless you
    add --include-text (then scrubbed). Use --dry-run first to see exactly what would leave.
    Every bundle is signed with this computer's signing key; --enrolment FILE writes what
    your coordinator needs to recognise it. Pseudonymised is not anonymous: a coordinator
    who knows your programme, career stages and meeting weeks may still recognise you.
    """
    if enrolment is not None:
        with ctx.open_as() as repo:
            found = enrolment_for(repo, programme=programme, remember=True)
        written = write_private(enrolment, enrolment_record(found), what="enrolment file")
        click.echo(
            f"Wrote the enrolment of source {found.source} for programme {found.programme} to "
            f"{written}; your signing key's fingerprint is {fingerprint(found.public_key)} "
            "(your coordinator should see the same).",
            err=True,
        )
        if not pseudonymised:
            return
    if not pseudonymised:
        raise click.UsageError(
            "Only pseudonymised exports exist here: add --pseudonymised (for a full backup of "
            "your own data use `mentor-tui data export`)."
        )
    if out is None and not dry_run:
        raise click.UsageError("Say where to write the bundle with --out FILE (or use --dry-run).")
    with ctx.open_as() as repo:
        plan = export_plan_for(
            repo, programme=programme, include_text=include_text, remember=not dry_run
        )
    for line in plan.describe():
        click.echo(line, err=True)
    click.echo("What a coordinator could still learn:", err=True)
    for line in plan.risk():
        click.echo(f"  {line}", err=True)
    if dry_run:
        stdout = sys.stdout.buffer
        for chunk in plan.lines():
            stdout.write(chunk)
        stdout.flush()
        click.echo("Dry run: nothing was written.", err=True)
        return
    assert out is not None
    written = plan.write(out)
    counts = plan.counts()
    click.echo(
        f"Wrote {counts['session']} session(s) of {counts['mentorship']} mentorship(s) to "
        f"{written}; send that file to your programme coordinator.",
        err=True,
    )
