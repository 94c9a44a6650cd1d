"""Email templates: the built-ins render, users override them, and every mistake is one line."""

from __future__ import annotations

import pytest
from followup_pair import PRIVATE_TEXTS, TODAY, ZONE

from mentor_tui.cli.followup import followup_context
from mentor_tui.core.errors import TemplateError, UserError
from mentor_tui.render.templates import (
    find_template,
    list_templates,
    render_email,
    split_text,
)

BUILT_IN = {"followup", "next-steps", "thanks", "reverse-mentoring"}


def test_built_in_templates_are_listed_with_descriptions():
    found = {t.name: t for t in list_templates()}
    assert set(found) >= BUILT_IN
    assert all(found[name].builtin and found[name].description for name in BUILT_IN)
    assert list_templates()[0].name == "followup"


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_each_built_in_renders_without_private_notes(name, context):
    email = render_email(name, context)
    assert email.subject and "\n" not in email.subject
    assert email.body.endswith("\n")
    assert "Zoë" in email.body or "Łukasz" in email.body
    for secret in PRIVATE_TEXTS:
        assert secret not in email.text
    assert email.text.startswith(f"Subject: {email.subject}\n\n")


def test_full_followup_speaks_as_the_sender_and_leads_with_what_we_agreed(context):
    email = render_email("followup", context)
    # Neutral: never the agenda's title, which may say what the meeting was about.
    assert email.subject == "Our meeting on Tuesday 17 March: notes and next steps"
    body = email.body
    assert body.startswith("Dear Łukasz,\n\nThank you for our meeting on Tuesday 17 March (45 min).\n")
    # Decisions first, the sender's own first, in the first person.
    assert body.index("WHAT WE AGREED") < body.index("WHAT WE TALKED ABOUT")
    assert body.index("I will:") < body.index("Łukasz will:")
    assert (
        "I will:\n  [ ] Introduce Łukasz to the grants office (by Tuesday 24 March 2026)\n" in body
    )
    assert (
        "Read the grants primer (still open, was due Tuesday 10 March 2026: shall we set a new "
        "date?)" in body
    )
    assert "overdue" not in body and "%" not in body
    # Notes without a name tag after each line.
    assert "  - Grant: aim for the spring call — «aims page» first.\n" in body
    assert "(Zoë Ñúñez)" not in body
    assert "  - Showed Zotero groups & shared\n    libraries, step by step." in body
    assert "  - Submit a first grant: Aims drafted." in body
    assert "Reference managers: I went from 2 to 4 out of 5." in body
    assert (
        "Tuesday 31 March 2026 at 17:30 (Europe/Paris time), 45 minutes, in person; after that "
        "every 2 weeks on Tuesday." in body
    )
    assert "To bring:\n  - The topic the mentee most wants to talk through" in body
    assert body.rstrip().endswith("correct it.\n\nZoë")
    assert "\n\n\n" not in body


def test_the_sender_writes_the_opening_line(repo, pair):
    context = followup_context(
        repo,
        pair.session_id,
        sender_id=pair.mentor_id,
        zone=ZONE,
        today=TODAY,
        opening="  That aims page\nis nearly there. ",
    )
    body = render_email("followup", context).body
    assert body.startswith("Dear Łukasz,\n\nThat aims page is nearly there.\n")


def test_the_mentee_may_send_and_speaks_as_i(repo, pair):
    context = followup_context(
        repo, pair.session_id, sender_id=pair.mentee_id, zone=ZONE, today=TODAY
    )
    body = render_email("followup", context).body
    assert body.startswith("Dear Zoë and Ana,")
    assert body.index("I will:") < body.index("Zoë will:")
    assert "Reference managers: Zoë went from 2 to 4" in body
    assert body.rstrip().endswith("Łukasz")


def test_next_steps_carries_no_notes_and_no_goal_comments(context):
    email = render_email("next-steps", context)
    assert email.subject == "Our meeting on Tuesday 17 March: next steps"
    assert "Grant: aim" not in email.body and "Showed Zotero" not in email.body
    assert "Aims drafted" not in email.body
    assert "  - Introduce Łukasz to the grants office (by Tuesday 24 March 2026)" in email.body


def test_thanks_lists_open_actions_by_first_name(context):
    email = render_email("thanks", context)
    assert email.subject == "Thank you for Tuesday 17 March"
    assert "  - Łukasz: Draft the specific aims page (by Tuesday 31 March 2026)\n" in email.body
    assert "  - Me: Introduce Łukasz to the grants office" in email.body
    assert "See you on Tuesday 31 March 2026 at 17:30." in email.body
    assert "Showed Zotero" not in email.body


def test_reverse_mentoring_recap(context):
    email = render_email("reverse-mentoring", context)
    assert email.subject == "Our meeting on Tuesday 17 March: what I learned"
    assert "Reference managers: I went from 2 to 4 out of 5." in email.body
    assert "Turning the tables" not in email.body
    assert "Showed Zotero groups & shared" in email.body
    assert "Use Zotero groups for the lab (by Friday 1 May 2026)" in email.body
    assert "Grant: aim" not in email.body  # lesson notes only


def test_a_user_template_overrides_the_built_in_by_name(user_emails, context):
    (user_emails / "followup.j2").write_text(
        "{# Ours #}\nSubject: Ours for {{ session.date }}\n\nHi {{ to[0].first_name }}.\n",
        encoding="utf-8",
    )
    (user_emails / "short.j2").write_text("Subject: Short\n\nOk.\n", encoding="utf-8")
    info = find_template("followup")
    assert not info.builtin and info.description == "Ours"
    email = render_email("followup", context)
    assert (email.subject, email.body) == ("Ours for 2026-03-17", "Hi Łukasz.\n")
    assert {"short", *BUILT_IN} <= {t.name for t in list_templates()}
    assert render_email("short.j2", context).body == "Ok.\n"


def test_a_template_given_by_path(tmp_path, context):
    path = tmp_path / "mine.j2"
    path.write_text("Subject: {{ mentorship.title }}\n\nx\n", encoding="utf-8")
    assert render_email(str(path), context).subject == "Zoë & Łukasz"


def test_unknown_template_names_the_ones_there_are(context):
    with pytest.raises(UserError) as caught:
        render_email("nope", context)
    assert "followup" in str(caught.value) and "thanks" in str(caught.value)


def _broken(user_emails, context, source: str, name: str = "broken") -> str:
    path = user_emails / f"{name}.j2"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_email(name, context)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_syntax_error_names_file_and_line(user_emails, context):
    message = _broken(user_emails, context, "Subject: x\n\nHello\n{% if %}\n")
    assert ", line 4: syntax error" in message


def test_unclosed_block_names_the_line(user_emails, context):
    message = _broken(user_emails, context, "Subject: x\n\n{% for n in notes %}\n{{ n.body }}\n")
    assert "line" in message and "syntax error" in message and "endfor" in message


def test_unknown_variable_names_file_and_line(user_emails, context):
    message = _broken(user_emails, context, "Subject: x\n\nHi {{ mentee.name }}\n")
    assert message.endswith(
        "line 3: unknown variable: 'mentee' is undefined (docs/templates.md lists the variables)."
    )


def test_unknown_attribute_is_an_error_not_an_empty_string(user_emails, context):
    message = _broken(user_emails, context, "Subject: x\n\n\n{{ session.nonsense }}\n")
    assert "line 4: unknown variable" in message and "nonsense" in message


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "''.__class__.__mro__[1].__subclasses__()",
        "session.__class__",
        "cycler.__init__.__globals__",
        "lipsum.__globals__",
        "joiner.__init__.__globals__.os",
        "self.__init__.__globals__",
        "namespace.__init__.__globals__",
        "'{0.__class__}'.format(session)",
        "range.__self__",
        "people.append(1)",
        "session.update({'id': 1})",
        "session.clear()",
        "'a' * 1000000000",
        "[1] * 1000000000",
        "10 ** 1000000000",
    ],
)
def test_sandbox_blocks_escapes_and_mutation(user_emails, context, expression):
    message = _broken(user_emails, context, f"Subject: x\n\n{{{{ {expression} }}}}\n")
    assert ", line 3: " in message
    assert "blocked by the sandbox" in message or "unknown variable" in message


def test_huge_ranges_are_refused(user_emails, context):
    message = _broken(
        user_emails, context, "Subject: x\n\n{% for i in range(10**8) %}.{% endfor %}\n"
    )
    assert ", line 3: blocked by the sandbox: " in message


def test_runaway_recursion_is_one_line(user_emails, context):
    source = "Subject: x\n\n{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n"
    message = _broken(user_emails, context, source)
    assert "line" in message


def test_missing_subject_line(user_emails, context):
    message = _broken(user_emails, context, "Hello {{ sender.name }}\n")
    assert "line 1" in message and "Subject:" in message


def test_empty_subject(user_emails, context):
    message = _broken(user_emails, context, "Subject: {{ '' }}\n\nbody\n")
    assert "Subject:" in message


def test_not_utf8(user_emails, context):
    path = user_emails / "latin.j2"
    path.write_bytes("Subject: Caf\xe9\n\n".encode("latin-1"))
    with pytest.raises(TemplateError) as caught:
        render_email("latin", context)
    assert "not UTF-8" in str(caught.value) and str(path) in str(caught.value)


def test_included_template_missing(user_emails, context):
    message = _broken(user_emails, context, "Subject: x\n\n{% include 'ghost.j2' %}\n")
    assert "ghost.j2" in message


def test_error_in_an_included_template_names_that_file(user_emails, context):
    (user_emails / "part.j2").write_text("ok\n{{ nope }}\n", encoding="utf-8")
    (user_emails / "whole.j2").write_text(
        "Subject: x\n\n{% include 'part.j2' %}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as caught:
        render_email("whole", context)
    assert f"{user_emails / 'part.j2'}, line 2: unknown variable" in str(caught.value)


def test_split_text_reads_an_edited_email():
    assert split_text("\nSubject:  Hello   there \n\nBody\nmore\n\n") == (
        "Hello there",
        "Body\nmore\n",
    )
    with pytest.raises(UserError):
        split_text("Hello\n\nBody")
    with pytest.raises(UserError):
        split_text("")
