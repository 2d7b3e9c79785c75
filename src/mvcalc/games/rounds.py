"""Rounds being played, kept on the server under an unguessable id (the pit never leaves it).

The table is bounded (the oldest rounds are dropped first) and thread-safe: the
web app serves requests from a thread pool. Rounds live in this process only.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

from mvcalc.games.sandpit import GameError, Round

MAX_ROUNDS = 2000


class Rounds:
    """Round id → Round, with the oldest rounds forgotten beyond `limit`."""

    def __init__(self, limit: int = MAX_ROUNDS) -> None:
        self._rounds: OrderedDict[str, Round] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.limit = limit

    def start(self, **settings) -> tuple[str, Round]:
        """A new round (its pit made now, so the first probe is quick); returns its id."""
        game = Round(**settings)
        game.pit  # noqa: B018 - builds and caches the pit and its global minimum
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._rounds[key] = game
            self._locks[key] = threading.Lock()
            while len(self._rounds) > self.limit:
                old, _ = self._rounds.popitem(last=False)
                self._locks.pop(old, None)
        return key, game

    def get(self, key: str) -> Round:
        with self._lock:
            game = self._rounds.get(key)
        if game is None:
            raise GameError("no such round (it may have expired): start a new one")
        return game

    def lock(self, key: str) -> threading.Lock:
        """Held around a probe so that two clicks on one round do not interleave (other rounds go on)."""
        with self._lock:
            return self._locks.get(key) or threading.Lock()


ROUNDS = Rounds()
