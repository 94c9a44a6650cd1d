"""`mentor-tui goals|actions|plan|topics|competencies`: JSON for scripts, exit codes, one-line
errors. The database is a real file, filled by the demo seed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner
from clikit import ok_json, one_line_error

from mentor_tui.cli import main
from mentor_tui.core import clock
from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.dates import parse_due
from mentor_tui.core.idp import SkillAssessment
from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.store import open_store

MENTOR, MENTEE = "Dr Amara Okafor", "Dr Lukas Berg"


def test_goals_list_json_has_names_last_check_in_and_the_series(cli):
    found = ok_json(cli("goals", "list", "--json"))
    assert len(found) == 4
    paper = next(g for g in found if g["title"].startswith("First-author paper"))
    assert paper["owner_name"] == MENTEE and paper["mentorship_title"] == "Amara & Lukas"
    assert paper["progress_series"] == [20, 35]
    assert paper["last_checkin"]["progress"] == 35 and paper["checkin_count"] == 2
    assert paper["overdue"] is False and date.fromisoformat(paper["due"])
    mentor_goals = ok_json(cli("goals", "list", "--owner", MENTOR, "--json"))
    assert [g["category"] for g in mentor_goals] == ["digital"]
    assert mentor_goals[0]["topic_key"]  # the reverse-mentoring goal
    assert [g["status"] for g in ok_json(cli("goals", "list", "--status", "done", "--json"))] == [
        "done"
    ]
    by_title = ok_json(cli("goals", "list", "--sort", "title", "--json"))
    assert [g["title"] for g in by_title] == sorted((g["title"] for g in found), key=str.casefold)
    mine = ok_json(cli("goals", "list", "--mentorship", "amara & lukas", "--category", "grants",
                       "--json"))  # fmt: skip
    assert len(mine) == 1
    table = cli("goals", "list")
    assert table.exit_code == 0 and "LAST CHECK-IN" in table.stdout


def test_goals_list_errors(cli):
    assert "Nobody called" in one_line_error(cli("goals", "list", "--owner", "Nobody"))
    assert "No mentorship" in one_line_error(cli("goals", "list", "--mentorship", "Nope"))
    one_line_error(cli("goals", "list", "--status", "finished"), status=2)


def test_goals_add_reads_the_due_date_in_words(cli):
    added = ok_json(cli("goals", "add", "Write the methods section", "--owner", MENTEE,
                        "--category", "publications", "--due", "end of month",
                        "--measurable", "A full draft to Amara", "--milestone", "Outline",
                        "--milestone", "Draft", "--json"))  # fmt: skip
    assert added["due"] == parse_due("end of month", clock.today()).isoformat()
    assert [m["text"] for m in added["milestones"]] == ["Outline", "Draft"]
    assert added["measurable"] == "A full draft to Amara"
    plain = cli("goals", "add", "Teach me Zotero", "--owner", MENTOR, "--category", "digital")
    assert plain.exit_code == 0 and plain.stdout.startswith("Added goal ")
    assert len(ok_json(cli("goals", "list", "--json"))) == 6


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--due", "31 Feb 2026"], "February 2026 has 28 days"),
        (["--due", "the 12th of never"], "Could not read"),
        (["--due", "yesterday"], "in the past"),
        (["--owner", "Nobody Here"], "Nobody called"),
        (["--mentorship", "zzzz-none"], "No mentorship"),
    ],
)
def test_goals_add_bad_input_is_one_line_and_adds_nothing(cli, args, needle):
    base = {"--owner": MENTEE, "--category": "career"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair]
    assert needle in one_line_error(cli("goals", "add", "A goal", *flat))
    assert len(ok_json(cli("goals", "list", "--json"))) == 4


def test_goals_add_needs_a_choice_of_mentorship_when_the_owner_has_two(cli, demo):
    with open_store(demo) as repo:
        lukas = repo.people.find(MENTEE)
        lee = repo.people.add(Person("Prof Lee Sponsor"))
        repo.mentorships.add(Mentorship("Lee & Lukas", members=[
            Member(lee.id, Role.MENTOR), Member(lukas.id, Role.MENTEE)]))  # fmt: skip
    message = one_line_error(cli("goals", "add", "x", "--owner", MENTEE, "--category", "career"))
    assert "--mentorship" in message and "Lee & Lukas" in message
    good = cli("goals", "add", "x", "--owner", MENTEE, "--category", "career",
               "--mentorship", "Lee & Lukas")  # fmt: skip
    assert good.exit_code == 0, good.stderr
    stranger = cli("goals", "add", "x", "--owner", "Prof Lee Sponsor", "--category", "career",
                   "--mentorship", "Amara & Lukas")  # fmt: skip
    assert "member" in one_line_error(stranger)


def test_goals_checkin_moves_progress_and_prints_the_trail(cli):
    goals = ok_json(cli("goals", "list", "--json"))
    grant = next(g for g in goals if g["category"] == "grants")
    result = cli("goals", "checkin", grant["id"][:6], "40", "--comment", "Aims drafted",
                 as_name=MENTEE)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "40% (in-progress)" in result.stdout
    result = cli("goals", "checkin", grant["id"][:6], "100")
    assert "100% (done)" in result.stdout and "40% → 100%" in result.stdout
    again = next(g for g in ok_json(cli("goals", "list", "--json")) if g["id"] == grant["id"])
    assert again["progress_series"] == [40, 100] and again["last_checkin"]["comment"] == ""
    assert "0 to 100" in one_line_error(cli("goals", "checkin", grant["id"], "140"))
    assert "goals list" in one_line_error(cli("goals", "checkin", "ffffffff", "10"))
    one_line_error(cli("goals", "checkin", grant["id"], "lots"), status=2)


def test_actions_list_and_what_i_owe(cli):
    items = ok_json(cli("actions", "list", "--json"))
    assert {i["owner_name"] for i in items} == {MENTOR, MENTEE}
    draft = next(i for i in items if i["text"].startswith("Draft the analysis plan"))
    assert draft["owed_to"] == [MENTOR] and draft["overdue"] is True
    mine = ok_json(cli("actions", "list", "--mine", "--json", as_name=MENTEE))
    assert mine["name"] == MENTEE
    assert [g["counterpart_names"] for g in mine["i_owe"]] == [[MENTOR]]
    assert mine["i_owe"][0]["overdue"] == 1 and len(mine["i_owe"][0]["items"]) == 2
    assert [g["counterpart_names"] for g in mine["owed_to_me"]] == [[MENTOR]]
    plain = cli("actions", "list", "--mine", as_name=MENTEE)
    assert plain.exit_code == 0
    assert f"You owe {MENTOR} (Amara & Lukas, 1 overdue):" in plain.stdout
    assert f"Owed to you by {MENTOR}" in plain.stdout
    one_line_error(cli("actions", "list", "--mine"), status=2)


def test_actions_done_by_id_prefix(cli):
    items = ok_json(cli("actions", "list", "--json"))
    draft = next(i for i in items if i["text"].startswith("Draft the analysis plan"))
    result = cli("actions", "done", draft["id"][:6], as_name=MENTEE)
    assert result.exit_code == 0 and result.stdout.startswith("Done: Draft the analysis plan")
    assert draft["id"] not in [i["id"] for i in ok_json(cli("actions", "list", "--json"))]
    every = ok_json(cli("actions", "list", "--all", "--json"))
    assert next(i for i in every if i["id"] == draft["id"])["done"] is True
    assert cli("actions", "done", draft["id"], "--undo").stdout.startswith("Open again")
    assert "actions list" in one_line_error(cli("actions", "done", "ffffffff"))


def test_plan_show_json_and_markdown(cli, demo):
    # The demo comes with Lukas's plan (it shows every feature); rewrite it to known values.
    assert "Full-time clinical" in cli("plan", "show", "--markdown").stdout
    with open_store(demo) as repo:
        mentorship = repo.mentorships.list()[0]
        lukas = repo.people.find(MENTEE)
        goal = repo.goals.list(mentorship.id, owner_id=lukas.id)[0]
        plan = repo.idp.get(mentorship.id, lukas.id)
        plan.skills, plan.interests = [SkillAssessment("Grant writing", 2)], ["registries"]
        plan.six_month_goal_ids, plan.twelve_month_goal_ids = [goal.id], []
        plan.reviewed_on = None
        repo.idp.save(plan)
    record = ok_json(cli("plan", "show", "--json"))
    assert record["mentee"]["name"] == MENTEE
    assert record["plan"]["skills"] == [{"name": "Grant writing", "rating": 2, "note": ""}]
    assert [g["id"] for g in record["six_month_goals"]] == [goal.id]
    assert record["twelve_month_goals"] == [] and record["review_due"] is True
    assert record["agreement"]["review_date"]
    assert record["mentor_roles"][0]["name"] == MENTOR and record["mentor_roles"][0]["roles"]
    text = cli("plan", "show", "--markdown", "--mentorship", "Amara & Lukas")
    assert text.exit_code == 0
    assert text.stdout.startswith(f"# Individual development plan: {MENTEE}\n")
    assert "| Grant writing | ●●○○○ 2/5 |" in text.stdout
    one_line_error(cli("plan", "show", "--json", "--markdown"), status=2)


def test_topics_list_catalogue_and_pair_added(cli, demo, tmp_path):
    with open_store(demo) as repo:
        repo.reverse.add_pair_topic("Slack etiquette")
    topics = ok_json(cli("topics", "list", "--json"))
    sources = {t["key"]: t["source"] for t in topics}
    assert sources["slack-etiquette"] == "pair"
    assert sources["ai-assistants"] == "catalogue"
    assert list(sources.values()).count("pair") == 1
    # No database yet: the catalogue alone, and no database is created.
    missing = tmp_path / "none.db"
    alone = CliRunner().invoke(main, ["--db", str(missing), "topics", "list", "--json"])
    assert alone.exit_code == 0 and {t["source"] for t in json.loads(alone.stdout)} == {"catalogue"}
    assert not missing.exists()


def test_competencies_show_the_questions_and_answers_side_by_side(cli, demo):
    shown = ok_json(cli("competencies", "show", "--json"))
    assert len(shown["competencies"]) == 6 and shown["scale"]["max"] == 7
    assert len(shown["series"][0]["points"]) == 1  # the demo's own check-in
    with open_store(demo) as repo:
        mentorship = repo.mentorships.list()[0]
        amara, lukas = repo.people.find(MENTOR), repo.people.find(MENTEE)
        repo.competencies.save_answers([
            CompetencyAnswer(mentorship.id, amara.id, amara.id, Role.MENTOR, "communication", 6,
                             date(2026, 1, 31)),
            CompetencyAnswer(mentorship.id, lukas.id, amara.id, Role.MENTEE, "communication", 7,
                             date(2026, 1, 31)),
        ])  # fmt: skip
    shown = ok_json(cli("competencies", "show", "--json"))
    first = next(s for s in shown["series"] if s["key"] == "communication")
    assert first["points"][0] == {"taken_on": "2026-01-31", "mentor_self": 6, "mentee_view": 7.0,
                                  "mentee_count": 1, "gap": -1.0}  # fmt: skip
    assert len(first["points"]) == 2
    plain = cli("competencies", "show")
    assert plain.exit_code == 0 and "MENTOR (SELF)" in plain.stdout and "2026-01-31" in plain.stdout


def test_data_export_import_round_trip_keeps_plans_and_answers(cli, demo, tmp_path):
    with open_store(demo) as repo:
        mentorship = repo.mentorships.list()[0]
        amara, lukas = repo.people.find(MENTOR), repo.people.find(MENTEE)
        plan = repo.idp.get(mentorship.id, lukas.id)
        plan.values = ["honesty"]
        repo.idp.save(plan)
        repo.competencies.save_answers([CompetencyAnswer(
            mentorship.id, amara.id, amara.id, Role.MENTOR, "diversity", 5, date(2028, 2, 29))])  # fmt: skip
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert cli("data", "export", "--out", str(first)).exit_code == 0
    empty = tmp_path / "empty.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(empty), "data", "import", str(first)]).exit_code == 0
    assert runner.invoke(main, ["--db", str(empty), "data", "export", "--out", str(second)]
                         ).exit_code == 0  # fmt: skip
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    assert one["tables"] == two["tables"]
    assert len(two["tables"]["development_plans"]) == 1
    assert "2028-02-29" in {a["taken_on"] for a in two["tables"]["competency_answers"]}


def test_the_real_command_gives_one_line_and_status_1(demo, cli_env):
    result = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(demo), "goals", "add", "x",
         "--owner", MENTEE, "--category", "career", "--due", "30 February"],
        capture_output=True, text=True, env=cli_env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mentor-tui: Could not read \"30 February\"")
