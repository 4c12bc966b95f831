"""The test database shared with a real worker process.

A worker is another process: it cannot see an in-memory SQLite database, nor the uncommitted
transaction of a test. When reliability tests are selected, the SQLite test database is a file
(tests/conftest.py calls `use_file_backed_sqlite` from `django_db_modify_db_settings`), and the
tests use `transactional_db`. On PostgreSQL the worker simply connects to the test database.
"""

from urllib.parse import quote


def use_file_backed_sqlite(items, tmp_path_factory) -> None:
    """Point the SQLite test database at a file when any reliability test is in the session."""
    from django.conf import settings

    if not any(item.get_closest_marker("reliability") for item in items):
        return
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return
    test = db.setdefault("TEST", {})
    name = test.get("NAME")
    if name and name != ":memory:" and not str(name).startswith("file:"):
        return  # RISKASSESS_TEST_DB_FILE (or an explicit file) already set
    test["NAME"] = str(tmp_path_factory.mktemp("reliability-db") / "test.sqlite3")


def worker_database_url() -> str:
    """DATABASE_URL of the test database, as the worker process must read it."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        name = str(s["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise RuntimeError("The SQLite test database is in memory: a worker process cannot share it.")
        return f"sqlite:///{name}"
    scheme = {"django.db.backends.postgresql": "postgres"}.get(s["ENGINE"])
    if scheme is None:
        raise RuntimeError(f"No DATABASE_URL form known for {s['ENGINE']}")
    auth = quote(s.get("USER") or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"{scheme}://{auth}@{host}{port}/{s['NAME']}"
