"""`mentor-tui topics list`: the reverse-mentoring topics, the catalogue's and those pairs
added."""

from __future__ import annotations

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.options import AS_JSON
from mentor_tui.cli.output import print_json, print_table
from mentor_tui.core.catalogue import load_topics
from mentor_tui.core.reverse import merge_topics
from mentor_tui.launch import CliContext


@main.group()
def topics() -> None:
    """Reverse-mentoring topics: the catalogue and those pairs added."""


@topics.command("list")
@AS_JSON
@click.pass_obj
def list_topics(ctx: CliContext, as_json: bool) -> None:
    """List the catalogue (built-in, then your own topics.toml) and pair-added topics."""
    catalogue = load_topics(paths.prompts_dir(), paths.user_prompts_dir())
    if ctx.db_path.exists():
        with ctx.open_as() as repo:
            choices = repo.reverse.topic_choices(catalogue)
    else:
        choices = merge_topics(catalogue, [])
    if as_json:
        print_json([{"key": c.topic.key, "title": c.topic.title, "summary": c.topic.summary,
                     "source": c.source} for c in choices])  # fmt: skip
        return
    print_table(
        ["KEY", "SOURCE", "TITLE"], [[c.topic.key, c.source, c.topic.title] for c in choices]
    )
