"""docs/deployment.md's backup and restore, done: pg_dump a database with sealed reports and copy
the media volume, restore both into a fresh database and folder, and the reports still verify."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
SOURCE, RESTORED = "backup_check_source", "backup_check_restored"
INSTALL = "run `make test` as root, or apt-get install postgresql postgresql-client"
pytestmark = pytest.mark.reliability


def _run(argv: list[str], env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{argv[:3]}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done


def _env(database: str, media: Path, seal: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return env | {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "MEDIA_ROOT": str(media),
        "REPORT_SEAL_DIR": str(seal),
        "REPORT_SEAL_ENABLED": "False",  # sealed synchronously by the seed script, no broker needed
        "DJANGO_DEBUG": "True",
    }


@pytest.fixture
def databases():
    for tool in ("pg_dump", "pg_restore", "psql", "pg_isready"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: {INSTALL}")
    if subprocess.run(["pg_isready", "-q", *PG[:4]], check=False).returncode != 0:
        pytest.fail(f"PostgreSQL does not answer on 127.0.0.1:5432: {INSTALL}, then start it")

    def psql(sql: str) -> None:
        _run(["psql", *PG, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql])

    for name in (SOURCE, RESTORED):
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {SOURCE}")
    psql(f"CREATE DATABASE {RESTORED}")  # fresh and empty, as on a new server
    yield
    for name in (SOURCE, RESTORED):
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_restored_backup_still_verifies_its_sealed_reports(databases, tmp_path):
    python = [sys.executable, "manage.py"]
    seal = tmp_path / "seal"  # the organisation's key and certificate: not in the backup, kept apart
    source = _env(SOURCE, tmp_path / "media", seal)
    _run([*python, "migrate", "--noinput"], env=source)
    seed = _run([*python, "shell", "-c", (ROOT / "tests/deploy/backup_seed.py").read_text()], env=source)
    sealed = Path(seed.stdout.strip().splitlines()[-1])
    assert sealed.exists()

    # the backup, as docs/deployment.md says: pg_dump -Fc, and a copy of the media volume
    dump = tmp_path / "riskassess.dump"
    _run(["pg_dump", *PG, "-Fc", "-f", str(dump), SOURCE])
    shutil.make_archive(str(tmp_path / "media-backup"), "gztar", root_dir=tmp_path / "media")

    # the restore: into a fresh database and an empty media folder
    _run(["pg_restore", *PG, "--no-owner", "--exit-on-error", "-d", RESTORED, str(dump)])
    shutil.unpack_archive(str(tmp_path / "media-backup.tar.gz"), tmp_path / "restored-media")
    restored = _env(RESTORED, tmp_path / "restored-media", seal)
    copy = tmp_path / "restored-media" / sealed.relative_to(tmp_path / "media")
    done = _run([*python, "verify_report", str(copy)], env=restored)
    assert "The report verifies." in done.stdout
    assert "The embedded answers and score match the stored revision." in done.stdout

    # and the check means something: a report the restored database does not hold is refused
    _run(["psql", *PG, "-d", RESTORED, "-c", "DELETE FROM archive_sealedreport"])
    refused = subprocess.run(
        [*python, "verify_report", str(copy)], cwd=ROOT, env=restored, capture_output=True, text=True, check=False
    )
    assert refused.returncode == 1 and "matches no sealed report stored here" in refused.stdout
