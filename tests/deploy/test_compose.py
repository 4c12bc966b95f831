"""The production stack as files: docker-compose.yml, Dockerfile, .env.example (no Docker needed)."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("postgres", "redis", "migrate", "web", "worker", "worker-pdf", "beat")
APP_SERVICES = ("migrate", "web", "worker", "worker-pdf", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_it_defines_every_service(compose):
    assert set(SERVICES) <= set(compose["services"])


def test_it_pins_postgres_16_and_redis_7_with_healthchecks(compose):
    postgres, redis = compose["services"]["postgres"], compose["services"]["redis"]
    assert postgres["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert redis["image"].startswith("redis:7")
    assert "redis-cli ping" in " ".join(redis["healthcheck"]["test"])


def test_it_runs_redis_durable_and_without_eviction(compose):
    command = _command(compose["services"]["redis"])
    assert "--appendonly yes" in command
    assert "--maxmemory-policy noeviction" in command


def test_it_keeps_state_in_named_volumes(compose):
    volumes = compose["volumes"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in compose["services"]["postgres"]["volumes"])
    assert any(v.endswith(":/data") for v in compose["services"]["redis"]["volumes"])
    for name in ("web", "worker", "worker-pdf"):
        mounts = compose["services"][name]["volumes"]
        assert "media:/app/var/media" in mounts, name
    assert "media" in volumes


def test_it_migrates_once_after_the_database_is_healthy(compose):
    migrate = compose["services"]["migrate"]
    assert "manage.py migrate" in _command(migrate)
    assert "collectstatic" in _command(migrate)
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate.get("restart", "no") == "no"


@pytest.mark.parametrize("name", ["web", "worker", "worker-pdf", "beat"])
def test_it_starts_app_services_after_a_successful_migration(compose, name):
    depends = compose["services"][name]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["redis"]["condition"] == "service_healthy"


def test_it_serves_web_with_gunicorn_and_checks_healthz(compose):
    web = compose["services"]["web"]
    assert _command(web).startswith("gunicorn riskassess.wsgi -w 2 -b 0.0.0.0:8000")
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_it_runs_one_worker_per_queue(compose):
    worker, pdf = compose["services"]["worker"], compose["services"]["worker-pdf"]
    assert _command(worker).startswith("celery -A riskassess worker -Q default -c 2")
    assert _command(pdf).startswith("celery -A riskassess worker -Q pdf -c 1 --max-memory-per-child 1000000")
    assert _command(compose["services"]["beat"]).startswith("celery -A riskassess beat")


@pytest.mark.parametrize("name", ["web", "worker", "worker-pdf"])
def test_it_keeps_scalable_services_scalable(compose, name):
    service = compose["services"][name]
    assert "container_name" not in service
    for port in service.get("ports", []):
        # a fixed host port would collide between replicas; only web publishes one
        assert name == "web", port


@pytest.mark.parametrize("name", APP_SERVICES)
def test_it_reads_the_environment_from_dotenv(compose, name):
    service = compose["services"][name]
    env_file = service["env_file"]
    assert env_file == ".env" or ".env" in env_file
    assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert service["environment"]["DATABASE_URL"].startswith("postgres://")


def test_it_puts_no_secret_in_the_compose_file(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    assert 'POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?' in text
    assert not re.search(r"DJANGO_SECRET_KEY\s*[:=]", text)


def _settings_variables() -> set[str]:
    source = (ROOT / "riskassess" / "settings.py").read_text()
    names = set(re.findall(r'(?:\benv(?:\.\w+)?|_bool|_secret)\(\s*"([A-Z][A-Z0-9_]*)"', source))
    names |= {f"{n}_FILE" for n in re.findall(r'_secret\(\s*"([A-Z][A-Z0-9_]*)"', source)}
    return names


def test_it_finds_the_variables_of_settings():
    # the scan itself must work, or the next test proves nothing
    assert {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY_FILE", "DATABASE_URL", "REDIS_URL"} <= (
        _settings_variables()
    )


def test_it_lists_every_variable_of_settings_in_env_example():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    missing = _settings_variables() - listed
    assert not missing, f"add to .env.example (with a comment): {sorted(missing)}"


def test_it_comments_every_variable_in_env_example():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^#?[A-Z][A-Z0-9_]*=", line):
            assert i > 0 and lines[i - 1].startswith("#"), f"no comment above {line!r}"


def test_it_keeps_placeholders_in_env_example():
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^DJANGO_DEBUG=False$", example, flags=re.MULTILINE)
    assert re.search(r"^DJANGO_SECRET_KEY=change-me", example, flags=re.MULTILINE)


def _dockerfile() -> list[str]:
    return [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]


def test_it_builds_on_python_311_slim_with_pango():
    lines = _dockerfile()
    assert lines[[i for i, line in enumerate(lines) if line.startswith("FROM")][0]] == "FROM python:3.11-slim"
    text = "\n".join(lines)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in text
    assert "pip install -r requirements.txt" in text
    assert "collectstatic" in text


def test_it_runs_the_image_as_a_non_root_user():
    users = [line.split(None, 1)[1] for line in _dockerfile() if line.startswith("USER ")]
    assert users, "the Dockerfile has no USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_it_bakes_no_secret_into_the_image():
    text = (ROOT / "Dockerfile").read_text()
    env_lines = [line for line in text.splitlines() if line.strip().startswith("ENV") or line.startswith("    ")]
    assert not any("SECRET_KEY" in line and line.strip().startswith("ENV") for line in env_lines)
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and ".git" in ignored and "var" in ignored
