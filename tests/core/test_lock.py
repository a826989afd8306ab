"""The lock files (`make lock`, installed by `make install`) pin every direct dependency at
the version requirements*.txt names: editing a pin without re-locking fails here."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def pins(path: Path) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(path.read_text())}


@pytest.mark.parametrize(
    ("direct", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_lock_pins_every_direct_dependency(direct, lock):
    wanted = pins(ROOT / direct)
    if direct == "requirements-dev.txt":
        wanted |= pins(ROOT / "requirements.txt")
    locked = pins(ROOT / lock)
    assert wanted, f"no pins read from {direct}"
    stale = {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version}
    assert stale == {}, f"{lock} is stale (wanted, locked); run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock):
    text = (ROOT / lock).read_text()
    blocks = [block for block in re.split(r"\n(?=[a-z0-9])", text) if PIN.match(block)]
    assert len(blocks) == len(pins(ROOT / lock))
    unhashed = [block.splitlines()[0] for block in blocks if "--hash=sha256:" not in block]
    assert unhashed == []
