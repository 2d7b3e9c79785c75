"""`mvcalc lti ...`: registrations in the database, what to enter in the LMS, clear errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mvcalc.cli import app

runner = CliRunner()
ADD = ["lti", "add-platform", "--issuer", "https://moodle.example.edu", "--client-id", "abc123",
       "--deployment", "1", "--login-url", "https://moodle.example.edu/mod/lti/auth.php",
       "--token-url", "https://moodle.example.edu/mod/lti/token.php",
       "--jwks-url", "https://moodle.example.edu/mod/lti/certs.php"]


def test_add_list_and_extend_a_platform(tmp_path):
    db = f"sqlite:///{tmp_path / 'lti.sqlite3'}"
    out = runner.invoke(app, [*ADD, "--db", db])
    assert out.exit_code == 0 and "Registered moodle.example.edu" in out.output
    out = runner.invoke(app, [*ADD, "--deployment", "7", "--name", "Moodle", "--json", "--db", db])
    assert out.exit_code == 0
    assert json.loads(out.output)["deployment_ids"] == ["1", "7"]
    listed = json.loads(runner.invoke(app, ["lti", "platforms", "--json", "--db", db]).output)
    assert [(p["name"], p["client_id"]) for p in listed] == [("Moodle", "abc123")]
    assert "moodle.example.edu" in runner.invoke(app, ["lti", "platforms", "--db", db]).output


def test_bad_registrations_are_refused_in_one_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'lti.sqlite3'}"
    bad = [a if a != "https://moodle.example.edu/mod/lti/token.php" else "token.php" for a in ADD]
    out = runner.invoke(app, [*bad, "--db", db])
    assert out.exit_code == 2 and "the token URL must be an http(s) URL" in out.output
    out = runner.invoke(app, [*[a if a != "1" else " " for a in ADD], "--db", db])
    assert out.exit_code == 2 and "at least one deployment id" in out.output


def test_tool_config_names_the_urls_and_the_key(tmp_path):
    db = f"sqlite:///{tmp_path / 'lti.sqlite3'}"
    data = json.loads(runner.invoke(app, ["lti", "tool-config", "--url", "https://mvcalc.example.edu/", "--json",
                                          "--db", db]).output)
    assert data["login_initiation_url"] == "https://mvcalc.example.edu/lti/login"
    assert data["public_keyset_url"] == "https://mvcalc.example.edu/lti/jwks" and len(data["key_id"]) == 32
    again = json.loads(runner.invoke(app, ["lti", "tool-config", "--url", "https://x", "--json", "--db", db]).output)
    assert again["key_id"] == data["key_id"]  # one key, kept in the database
    assert "login initiation url" in runner.invoke(app, ["lti", "tool-config", "--url", "https://x", "--db", db]).output


def test_roster_of_a_class_without_an_lms_and_empty_scores(tmp_path):
    db = f"sqlite:///{tmp_path / 'lti.sqlite3'}"
    out = runner.invoke(app, ["lti", "sync-roster", "nope", "--db", db])
    assert out.exit_code == 2 and "has no roster service" in out.output
    assert json.loads(runner.invoke(app, ["lti", "scores", "--failed", "--json", "--db", db]).output) == []
    assert runner.invoke(app, ["lti", "scores", "--db", db]).exit_code == 0
