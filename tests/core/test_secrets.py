"""SECURITY 41: with DEBUG=false the published example secrets and short secrets are refused."""

import secrets

import pytest

from tests.core.test_deploy import ROOT, manage, production_env


def example_secrets() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {
        name: value
        for name, _, value in (line.partition("=") for line in lines)
        if name in ("SECRET_KEY", "JWT_SECRET_KEY")
    }


@pytest.mark.parametrize("name", ["SECRET_KEY", "JWT_SECRET_KEY"])
def test_production_refuses_the_secrets_of_env_example(name):
    env = production_env()
    env[name] = example_secrets()[name]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DEBUG=false needs SECRET_KEY and JWT_SECRET_KEY set to real secrets" in result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "JWT_SECRET_KEY"])
def test_production_refuses_a_secret_under_32_bytes(name):
    env = production_env()
    env[name] = secrets.token_hex(15)  # 30 bytes
    result = manage("check", **env)
    assert result.returncode != 0
    assert "shorter than 32 bytes" in result.stderr
