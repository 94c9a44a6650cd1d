"""`mentor-tui people keys add|list|remove`: the SSH keys that let people in to `mentor-tui serve`."""

from __future__ import annotations

import sys

import click

from mentor_tui.cli.output import print_json, print_table
from mentor_tui.cli.people import people
from mentor_tui.launch import CliContext


@people.group("keys")
def keys() -> None:
    """SSH public keys: each one logs its person in to `mentor-tui serve`.

    The database owner's commands: they read the whole database, everyone's keys included,
    whatever --as says (unlike the commands that act for the --as person).
    """


@keys.command("add")
@click.argument("name")
@click.argument("file", metavar="FILE")
@click.option("--comment", help="A label for the key (default: the comment in the file).")
@click.pass_obj
def add_key(ctx: CliContext, name: str, file: str, comment: str | None) -> None:
    """Register the public key in FILE (e.g. ~/.ssh/id_ed25519.pub) for the person NAME.

    NAME is a display name or an id (see `mentor-tui people list`).
    """
    from mentor_tui.server.keys import parse_public_key, read_public_key_file

    if file == "-":
        parsed = parse_public_key(sys.stdin.buffer.read(64 * 1024), "standard input")
    else:
        parsed = read_public_key_file(file)
    with ctx.open_store() as repo:
        person = repo.people.find(name)
        key, added = repo.keys.add(
            person.id,
            algorithm=parsed.algorithm,
            fingerprint=parsed.fingerprint,
            public_key=parsed.public_key,
            comment=parsed.comment if comment is None else comment.strip(),
        )
    if added:
        click.echo(f"Added {key.algorithm} key {key.fingerprint} for {person.display_name}.")
    else:
        click.echo(f"{person.display_name} already has key {key.fingerprint}; nothing changed.")


@keys.command("list")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def list_keys(ctx: CliContext, name: str | None, as_json: bool) -> None:
    """List registered keys, everyone's or only NAME's."""
    with ctx.open_store() as repo:
        person_id = repo.people.find(name).id if name else None
        found = repo.keys.list(person_id)
    if as_json:
        print_json(found)
        return
    if not found:
        click.echo("No keys yet: add one with `mentor-tui people keys add NAME FILE`.")
        return
    print_table(
        ["ID", "PERSON", "TYPE", "FINGERPRINT", "COMMENT", "ADDED"],
        [
            [k.id[:8], k.person_name, k.algorithm, k.fingerprint, k.comment, k.created_at[:10]]
            for k in found
        ],
    )


@keys.command("remove")
@click.argument("key")
@click.pass_obj
def remove_key(ctx: CliContext, key: str) -> None:
    """Remove a key by its fingerprint (SHA256:...), a fingerprint prefix, or its id.

    Sessions already open over SSH stay open; the key no longer logs anyone in.
    """
    with ctx.open_store() as repo:
        found = repo.keys.find(key)
        repo.keys.remove(found.id)
    click.echo(f"Removed {found.algorithm} key {found.fingerprint} of {found.person_name}.")
