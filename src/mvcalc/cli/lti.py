"""`mvcalc lti ...`: register LMS platforms, show what to enter in the LMS, sync a roster, list scores sent."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

lti_app = typer.Typer(help="Connect the course to an LMS by LTI 1.3 (Moodle, Canvas, Blackboard).",
                      no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)


def _store(db: str | None):
    from mvcalc.cli.output import open_store

    return open_store(db)


def _fail(message: str) -> None:
    from mvcalc.cli.output import fail

    fail(message)


@lti_app.command("add-platform")
def add_platform(
    issuer: str = typer.Option(..., "--issuer", help="The LMS's issuer (iss), e.g. https://moodle.example.edu"),
    client_id: str = typer.Option(..., "--client-id", help="The client id the LMS gave the tool."),
    deployment: list[str] = typer.Option(..., "--deployment", help="A deployment id (repeat for several)."),
    login_url: str = typer.Option(..., "--login-url", help="The LMS's OIDC authentication request URL."),
    token_url: str = typer.Option(..., "--token-url", help="The LMS's OAuth2 access token URL."),
    jwks_url: str = typer.Option(..., "--jwks-url", help="The LMS's public keyset (JWKS) URL."),
    audience: str = typer.Option("", "--audience", help="The token URL's audience, if the LMS wants another."),
    name: str = typer.Option("", "--name", help="A name to show (default: the issuer's host)."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """Register an LMS (or add deployments to its registration); it is stored in the database."""
    from mvcalc.store import lti
    from mvcalc.store.accounts import AccountError

    try:
        platform = lti.add_platform(
            _store(db), issuer, client_id, deployment_ids=deployment, auth_login_url=login_url,
            auth_token_url=token_url, key_set_url=jwks_url, name=name, auth_audience=audience)
    except AccountError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(platform.to_dict(), indent=2))
        return
    console.print(f"Registered {escape(platform.name)}: issuer {escape(platform.issuer)}, client id "
                  f"{escape(platform.client_id)}, deployments {', '.join(platform.deployment_ids)}.")


@lti_app.command("platforms")
def list_platforms(
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """The registered LMSs."""
    from mvcalc.store import lti

    found = lti.platforms(_store(db))
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in found], indent=2))
        return
    table = Table(title="LTI platforms", title_justify="left")
    for col in ("name", "issuer", "client id", "deployments"):
        table.add_column(col)
    for p in found:
        table.add_row(escape(p.name), escape(p.issuer), escape(p.client_id), escape(", ".join(p.deployment_ids)))
    console.print(table)


@lti_app.command("tool-config")
def tool_config(
    url: str = typer.Option(..., "--url", help="The course's public base URL, e.g. https://mvcalc.example.edu"),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """What to enter in the LMS when adding mvcalc as an external tool (and the tool's public key id)."""
    from mvcalc.store import lti

    base = url.rstrip("/")
    key = lti.tool_key(_store(db))
    data = {
        "tool_url": base + "/lti/launch",
        "login_initiation_url": base + "/lti/login",
        "redirect_uris": [base + "/lti/launch"],
        "deep_linking_url": base + "/lti/launch",
        "public_keyset_url": base + "/lti/jwks",
        "key_id": key.kid,
        "services": ["Assignment and Grade Services (scores)", "Names and Role Provisioning (roster)"],
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    for label, value in data.items():
        console.print(f"{label.replace('_', ' ')}: {escape(', '.join(value) if isinstance(value, list) else value)}")


@lti_app.command("sync-roster")
def sync_roster(
    class_code: str = typer.Argument(..., help="The class (made by the first launch from the LMS course)."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """Bring a class's roster from its LMS course (Names and Role Provisioning)."""
    from mvcalc.lti.services import sync_roster as sync
    from mvcalc.store.accounts import AccountError

    try:
        result = sync(_store(db), class_code)
    except AccountError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    console.print(f"{result['members']} members of {escape(class_code)} synced "
                  f"({result['instructors']} instructors, {result['skipped_inactive']} inactive skipped).")


@lti_app.command("scores")
def list_scores(
    failed: bool = typer.Option(False, "--failed", help="Only the scores the LMS did not take."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """The scores sent to LMSs (Assignment and Grade Services), newest first."""
    from mvcalc.store import lti

    found = lti.scores(_store(db), "failed" if failed else None)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    for s in found:
        console.print(f"{s['created_at'][:19]} {escape(s['username'])} {escape(s['item_id'])} {s['score']:.0%} "
                      f"{s['status']} {escape(s['message'])}")


def register(app: typer.Typer) -> None:
    """Add `lti` to the mvcalc app."""
    app.add_typer(lti_app, name="lti")
