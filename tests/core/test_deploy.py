import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "JWT_SECRET_KEY", "DEBUG")}
    base.update(DJANGO_SETTINGS_MODULE="mechta.settings.base", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def production_env():
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "api.example.com",
    }


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "JWT_SECRET_KEY"])
def test_production_refuses_default_secrets(missing):
    env = production_env()
    env.pop(missing)
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DEBUG=false needs SECRET_KEY and JWT_SECRET_KEY" in result.stderr


def test_jwt_secret_must_differ_from_secret_key():
    env = production_env()
    env["JWT_SECRET_KEY"] = env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "JWT_SECRET_KEY must be at least 32 bytes" in result.stderr


def test_production_hashes_passwords_with_argon2id():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])", **production_env()
    )
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


POOL_PROBE = (
    "from django.db import connection\n"
    "connection.ensure_connection()\n"
    "print(connection.settings_dict['CONN_MAX_AGE'], connection.settings_dict['OPTIONS']['pool']['max_size'],"
    " connection.pool is not None)\n"
)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (DATABASE_URL)"
)
def test_gunicorn_processes_borrow_connections_from_a_bounded_pool():
    """DB_POOL_MAX_SIZE (set by gunicorn.conf.py and `make worker`) bounds a process's
    PostgreSQL connections whatever its thread count: a real pool, no persistent connections."""
    result = manage("shell", "-c", POOL_PROBE, DB_POOL_MAX_SIZE="5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["0", "5", "True"]
