"""`mentor-tui serve`: the built-in SSH server (see mentor_tui.server.ssh)."""

from __future__ import annotations

import asyncio

import click

from mentor_tui.cli import main
from mentor_tui.launch import CliContext


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=2222,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option(
    "--max-per-person",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Sessions (app windows and file transfers) one person may have open at once.",
)
@click.option(
    "--fresh-process",
    is_flag=True,
    help="Start each session's app as a new Python process instead of forking it from a warm "
    "parent that has imported the app once (slower to open, and about twice the memory).",
)
@click.pass_obj
def serve(
    ctx: CliContext, host: str, port: int, max_per_person: int, fresh_process: bool
) -> None:
    """Let people run the app over SSH with their registered keys (no system accounts).

    Register keys first with `mentor-tui people keys add NAME FILE`. Each connection runs
    the app as the person its key belongs to, in the mentorships they are part of.
    Files saved in the app go to the person's outbox; they fetch them with
    `sftp -P PORT HOST` (read-only, their own outbox only). Stop with ctrl+c: open apps
    are told to save and quit.

    The database owner's command: the server itself opens the whole database (to look up
    keys), whatever --as says; each app it starts acts for one key's person alone.
    """
    from mentor_tui.server.ssh import (
        ServerConfig,
        SSHService,
        is_loopback,
        serve_forever,
        setup_logging,
    )

    config = ServerConfig(
        db_path=ctx.db_path.resolve(), host=host, port=port, max_per_person=max_per_person,
        prefork=not fresh_process,
    )
    setup_logging(config.log_path)
    with ctx.open_store() as repo:
        if not is_loopback(host):
            click.echo(
                f"Warning: listening on {host} lets other machines reach this server; anyone "
                "with a registered key can log in. Use the default 127.0.0.1 (with an SSH "
                "tunnel or a shared login host) unless you mean it.",
                err=True,
            )
        people_with_keys = {k.person_id for k in repo.keys.list()}

        def ready(service: SSHService) -> None:
            if service.host_key_created:
                click.echo(f"Created the host key {config.host_key_path} (readable only by you).")
            click.echo(f"mentor-tui serve: listening on {host}:{service.port}")
            click.echo(f"  database  {config.db_path}")
            click.echo(f"  host key  {service.fingerprint}")
            click.echo(f"  log       {config.log_path}")
            if people_with_keys:
                click.echo(f"  {len(people_with_keys)} person(s) have keys and can log in.")
            else:
                click.echo(
                    "  Nobody has a key yet, so nobody can log in: "
                    "`mentor-tui people keys add NAME FILE`."
                )
            where = host if is_loopback(host) else "HOST"
            click.echo(
                f"  at most {config.max_sessions} sessions, {config.max_per_person} per person"
            )
            click.echo(f"Files saved in the app: sftp -P {service.port} {where} (read-only)")
            click.echo(f"Connect: ssh -t -p {service.port} {where}")
            click.echo(
                "  (the SSH user name does not matter: the key decides who you are.)\n"
                "Colours: OpenSSH does not forward COLORTERM, so the colour depth follows TERM "
                "(xterm-256color: 256 colours; TERM ending in -direct: 24-bit). For 24-bit "
                "colour add `-o SetEnv=COLORTERM=truecolor` to ssh.\n"
                "Clipboard (OSC 52) under tmux needs `set -g set-clipboard on`."
            )

        asyncio.run(serve_forever(config, repo, ready))
