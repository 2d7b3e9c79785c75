"""Progress store: SQLAlchemy models and Alembic migrations; SQLite by default.

`Store(url=None)` is the whole API (see `mvcalc.store.api`); the default
learner is "local", the default database `MVCALC_DATABASE_URL` or a SQLite file
in the user's data directory.
"""

from mvcalc.store.api import LOCAL, Store, default_store, default_url, record_assignment
from mvcalc.store.engine import StoreUnavailable

__all__ = ["LOCAL", "Store", "StoreUnavailable", "default_store", "default_url", "record_assignment"]
