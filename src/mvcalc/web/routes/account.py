"""Signing in and out, joining a class with its join code, and the account page (accounts mode).

A sign-in always starts a new session (a new random token, the old one ended)
and a new CSRF token, so a token planted before sign-in is worth nothing after
it. Passwords are read from the form and handed to the store; they are never
logged, echoed or put in a redirect.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mvcalc.store import accounts
from mvcalc.web.auth import (
    SESSION_COOKIE,
    accounts_on,
    current_user,
    safe_next,
    session_token,
    signed_in_redirect,
)
from mvcalc.web.deps import render, store
from mvcalc.web.security import CSRF_COOKIE, require_csrf

router = APIRouter()


def _accounts_only(request: Request) -> None:
    if not accounts_on(request):
        raise HTTPException(404, "This course runs without accounts: there is nothing to sign in to.")


def _client_address(request: Request) -> str:
    return request.client.host if request.client else ""


@router.get("/login", dependencies=[Depends(_accounts_only)])
def login_page(request: Request, next: str = "/") -> Response:
    if getattr(request.state, "user", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "username": "", "error": ""})


def _sign_in(request: Request, username: str, password: str, target: str) -> Response:
    try:
        user = accounts.authenticate(store(request), username, password, _client_address(request))
    except accounts.LoginRefused as exc:
        status = 429 if exc.retry_after else 401
        response = render(request, "login.html", {"next": safe_next(target), "username": username[:100],
                                                  "error": str(exc)}, status=status)
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return signed_in_redirect(request, user, target)


@router.post("/login", dependencies=[Depends(_accounts_only), Depends(require_csrf)])
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "")
    password = str(form.get("password") or "")
    return await run_in_threadpool(_sign_in, request, username, password, str(form.get("next") or "/"))


@router.post("/logout", dependencies=[Depends(_accounts_only), Depends(require_csrf)])
def logout(request: Request) -> Response:
    accounts.end_session(store(request), session_token(request.headers))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/join", dependencies=[Depends(_accounts_only)])
def join_page(request: Request, code: str = "") -> Response:
    return render(request, "join.html", {"code": code[:32], "username": "", "display_name": "", "error": ""})


def _join(request: Request, fields: dict) -> Response:
    user = getattr(request.state, "user", None)
    try:
        if user is not None:  # a signed-in student joins another class
            accounts.join_class(store(request), fields["code"], user.username)
            return RedirectResponse("/account", status_code=303)
        if fields["password"] != fields["again"]:
            raise accounts.AccountError("The two passwords differ: type the same password twice.")
        joined = accounts.join_class(
            store(request), fields["code"], fields["username"], password=fields["password"],
            display_name=fields["display_name"],
        )
    except accounts.AccountError as exc:
        context = {k: fields[k][:200] for k in ("code", "username", "display_name")}
        return render(request, "join.html", {**context, "error": str(exc)}, status=400)
    return signed_in_redirect(request, joined, "/")


@router.post("/join", dependencies=[Depends(_accounts_only), Depends(require_csrf)])
async def join(request: Request) -> Response:
    form = await request.form()
    fields = {k: str(form.get(k) or "") for k in ("code", "username", "display_name", "password", "again")}
    return await run_in_threadpool(_join, request, fields)


@router.get("/account", dependencies=[Depends(_accounts_only)])
def account_page(request: Request, user: accounts.User = Depends(current_user)) -> Response:
    the_store = store(request)
    taught = accounts.classes_of_instructor(the_store, user.username) if user.role != "learner" else []
    context = {"me": user, "classes": accounts.classes_of_learner(the_store, user.username), "taught": taught}
    return render(request, "account.html", context)
