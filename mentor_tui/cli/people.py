"""`mentor-tui people list`, `people passphrase NAME` and `people zone NAME [ZONE]`."""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.launch import CliContext


@main.group()
def people() -> None:
    """The people in this database."""


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def list_people(ctx: CliContext, as_json: bool) -> None:
    """List the people you can see: with --as, you and your partners; without, everyone."""
    with ctx.open_as(create=True) as repo:
        found = repo.people.list()
    if as_json:
        print_json(found)
        return
    if not found:
        echo("Nobody yet: run `mentor-tui` to set up a mentorship, or `mentor-tui demo`.")
        return
    print_table(
        ["ID", "NAME", "EMAIL", "STAGE", "SPECIALTY"],
        [
            [p.id[:8], p.display_name, p.email or "", p.career_stage or "", p.specialty or ""]
            for p in found
        ],
    )


@people.command("passphrase")
@click.argument("name")
@click.option(
    "--new-passphrase-file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Read the new passphrase from the first line of FILE instead of asking twice.",
)
@click.pass_obj
def passphrase(ctx: CliContext, name: str, new_passphrase_file: str | None) -> None:
    """Set or change NAME's passphrase (the current one is asked for first).

    With a passphrase, nobody can act as NAME in mentor-tui, on this computer or over
    `serve`, without it. The current one comes from --passphrase-file when given.
    """
    import sys

    from mentor_tui.core.errors import UserError
    from mentor_tui.launch import read_passphrase_file
    from mentor_tui.store.accounts import Accounts

    with ctx.open_store(create=False) as store:
        accounts = Accounts(store)
        person = accounts.find(name)
        current = ctx.passphrase_for(accounts, person)
        if new_passphrase_file:
            new = read_passphrase_file(new_passphrase_file)
        elif sys.stdin.isatty():
            new = click.prompt(
                f"New passphrase for {person.display_name}",
                hide_input=True,
                confirmation_prompt="The same again",
                err=True,
            )
        else:
            raise UserError("Type the new passphrase at a terminal, or give --new-passphrase-file FILE.")
        _, code = accounts.set_passphrase(person.id, new, current=current)
        plain = accounts.plain_backups()
    echo(f"Passphrase set for {person.display_name}.")
    if plain:
        echo(
            f"{len(plain)} backup(s) taken before may still hold private notes in plain text; "
            "`mentor-tui data backups --replace-plain` replaces them with a fresh, encrypted one."
        )
    if code:
        echo(
            f"Recovery code: {code}\n"
            "Write this down and keep it apart from this computer: without it and without "
            "your passphrase your private notes cannot be read by anyone, including you. "
            "It is shown only this once."
        )


@people.command("zone")
@click.argument("name")
@click.argument("zone", required=False)
@click.pass_obj
def zone(ctx: CliContext, name: str, zone: str | None) -> None:
    """Show or set a person's time zone (an IANA name such as Europe/Berlin; "local" clears it).

    Next meetings are proposed and shown in it; without one, the machine's zone is used, or
    under `serve` the zone the SSH client sends (TZ). With --as, only your own.
    """
    from mentor_tui.core.errors import NotAllowed

    with ctx.open_as() as repo:
        person = repo.people.find(name)
        if zone is None:
            shown = person.time_zone or f"not set (using {repo.meetings.person_zone(None)})"
            echo(f"{person.display_name}: {shown}")
            return
        if repo.viewer_id is not None and person.id != repo.viewer_id:
            raise NotAllowed("You can set your own time zone only; your partner sets theirs.")
        repo.meetings.set_time_zone(person.id, None if zone.strip().lower() == "local" else zone.strip())
    echo(f"{person.display_name}: {zone if zone.strip().lower() != 'local' else 'the local zone'}.")
