"""The Sandpit's pages and JSON API: start a round, probe, reveal after the round; finished rounds recorded.

The page never receives the hidden surface: a probe answers with the depth (and
the arrow, in Jacobian mode) at the probed points only; the contour map, the
phone, the seed and the strategies' paths come from /reveal, which refuses until
the round is over. A new round's seed is the server's secret; a round started
from a seed the learner chose is a replay: practice, never recorded as a win.
Rounds and their probes are kept in the store (any process serves any round) and
belong to the learner who started them.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from mvcalc.course.figures import FigureError
from mvcalc.course.figures.interactive_network import network_graph
from mvcalc.games.pit import pit
from mvcalc.games.sandpit import (
    AUTO_STEPS,
    HURRY_AT,
    MAX_PROBES,
    MODES,
    WIN_DISTANCE,
    GameError,
    Round,
)
from mvcalc.games.strategies import STRATEGY_TITLES
from mvcalc.games.surfaces import LEVEL_MODES, LEVEL_TITLES, LEVELS, SIZE
from mvcalc.web import lesson_view
from mvcalc.web.deps import cached_page, learner, render, store, writing
from mvcalc.web.security import require_csrf

router = APIRouter()
MODE_TITLES = {"jacobian": "Jacobian arrows", "depth": "Depth only", "automatic": "Automatic (5 steps per click)"}
MAX_SEED = 2**31 - 1


class Start(BaseModel):
    level: str = "intro"
    mode: str = ""
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    strategy: str = "hybrid"
    gamma: float = 0.5


class Click(BaseModel):
    x: float
    y: float


def _refuse(exc: GameError, status: int = 400) -> HTTPException:
    return HTTPException(status, str(exc))


@router.get("/sandpit")
def sandpit_page(request: Request, level: str = "intro", seed: int | None = None, mode: str = "") -> Response:
    if level not in LEVELS:
        raise HTTPException(404, f"There is no Sandpit level called {level!r}.")
    if mode and mode not in MODES:
        raise HTTPException(404, f"There is no Sandpit mode called {mode!r}.")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise HTTPException(400, f"The seed must be a whole number between 0 and {MAX_SEED}.")
    context = {
        "levels": [(key, LEVEL_TITLES[key]) for key in LEVELS],
        "modes": list(MODE_TITLES.items()),
        "strategies": list(STRATEGY_TITLES.items()),
        "level": level,
        "mode": mode or LEVEL_MODES[level],
        "seed": "" if seed is None else seed,
        "rules": {"size": SIZE, "max": MAX_PROBES, "hurry": HURRY_AT, "win": WIN_DISTANCE, "auto": AUTO_STEPS},
    }
    return render(request, "sandpit.html", context)


@router.post("/api/sandpit/rounds", dependencies=[Depends(require_csrf)])
async def start(request: Request, body: Start, who: str = Depends(learner)) -> JSONResponse:
    """A new round, saved in the store: its pit is made now (about a second), off the event loop.

    Without a seed the server draws one and keeps it until the round is over; with one, the
    round is a replay of that pit (practice: never recorded as a win)."""
    replay = body.seed is not None
    seed = body.seed if replay else secrets.randbelow(MAX_SEED)
    try:
        game = Round(level=body.level, seed=seed, mode=body.mode, strategy=body.strategy, gamma=body.gamma)
    except GameError as exc:
        raise _refuse(exc) from None
    await run_in_threadpool(pit, game.level, game.seed)  # built and cached now, so the first probe is quick
    def save() -> str:
        with writing(request):
            return store(request).start_round(who, level=game.level, mode=game.mode, strategy=game.strategy,
                                              gamma=game.gamma, seed=seed, replay=replay)

    key = await run_in_threadpool(save)
    out = {"ok": True, "round": key, "level": game.level, "mode": game.mode, "strategy": game.strategy,
           "gamma": game.gamma, "replay": replay}
    if replay:
        out["seed"] = seed  # the learner's own choice: nothing to hide
    return JSONResponse(out)


def _saved_round(request: Request, who: str, key: str) -> dict:
    state = store(request).round(key, who)
    if state is None:
        raise HTTPException(404, "no such round (it may belong to someone else): start a new one")
    return state


def _probe(request: Request, who: str, key: str, x: float, y: float) -> dict:
    """One move, applied under the store's lock on the round: its probes, status and result saved together."""
    state = _saved_round(request, who, key)
    pit(state["level"], state["seed"])  # make the pit before taking the lock (another process may not have it)

    def move(state: dict) -> dict:
        game = Round.from_state(state)
        before = len(game.probes)
        out = game.probe(x, y)
        record = None
        if game.over and not state["replay"]:
            record = {"name": f"sandpit:{game.level}", "passed": game.status == "won",
                      "details": {**game.summary(), "round": key}}
        return {"probes": [p.to_state() for p in game.probes[before:]], "status": game.status,
                "record": record, "out": out}

    try:
        with writing(request):
            return store(request).play_round(key, who, move)["out"]
    except KeyError:
        raise HTTPException(404, "no such round (it may belong to someone else): start a new one") from None


@router.post("/api/sandpit/rounds/{key}/probe", dependencies=[Depends(require_csrf)])
async def probe(request: Request, key: str, body: Click, who: str = Depends(learner)) -> JSONResponse:
    try:
        out = await run_in_threadpool(_probe, request, who, key, body.x, body.y)
    except GameError as exc:
        raise _refuse(exc, 409 if "over" in str(exc) else 400) from None
    return JSONResponse({"ok": True, **out})


def _reveal(request: Request, who: str, key: str) -> dict:
    state = _saved_round(request, who, key)
    game = Round.from_state(state)
    shown = game.reveal()
    return {"status": game.status, "seed": game.seed, "replay": state["replay"], **shown}


@router.get("/api/sandpit/rounds/{key}/reveal")
async def reveal(request: Request, key: str, who: str = Depends(learner)) -> JSONResponse:
    try:
        shown = await run_in_threadpool(_reveal, request, who, key)
    except GameError as exc:
        raise _refuse(exc, 409) from None
    return JSONResponse({"ok": True, **shown})


INTERACTIVE = lesson_view.FIGURE_GALLERY  # the figures of /sandpit/figures, drawn with no parameters


@router.get("/sandpit/figures")
def interactive_figures(request: Request) -> Response:
    """Every interactive figure on one page: the same for every learner, built once (`page_cache`)."""
    return cached_page(request, lesson_view.FIGURES_PAGE, lesson_view.figures_page)


@router.post("/api/figures/network-backprop", dependencies=[Depends(require_csrf)])
async def network_backprop(request: Request) -> JSONResponse:
    """The 1-2-1 network's graph for the weights the sliders chose (the figure's data function, again)."""
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "Send the weights as JSON.") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "Send the weights as a JSON object.")
    try:
        data = await run_in_threadpool(network_graph, body)
    except FigureError as exc:
        raise HTTPException(400, str(exc)) from None
    return JSONResponse({"ok": True, **data})


# Last, so that /sandpit/figures and other fixed paths match first.
@router.get("/sandpit/{level}")
def sandpit_level(request: Request, level: str, seed: int | None = None, mode: str = "") -> Response:
    """The course-style address of a level, /sandpit/<level>: the same page as /sandpit?level=."""
    return sandpit_page(request, level, seed, mode)
