"""`.env.example` names every environment variable the product reads (docs/deploy.md points to it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = re.compile(
    r"""(?:env_(?:str|int|bool|list)\(|os\.environ(?:\.get)?\(|os\.environ\[)\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by the test and development tooling only, or set by the platform.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY_FILE", "TOPOLOGY_PG_BIN"}


def test_every_variable_read_by_the_product_is_in_env_example():
    sources = [
        *ROOT.joinpath("config").rglob("*.py"),
        *ROOT.joinpath("ops").rglob("*.py"),
        ROOT / "deploy" / "gunicorn.conf.py",
        ROOT / "scripts" / "serve.py",
    ]
    read = {name for path in sources for name in READERS.findall(path.read_text())} - NOT_SETTINGS
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    assert read - documented == set()
