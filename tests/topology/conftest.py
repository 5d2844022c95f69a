"""A PostgreSQL 15 cluster per test process with the product migrated once into a template database;
each test gets a fresh database cloned from it (CREATE DATABASE ... TEMPLATE, a file copy)."""

from __future__ import annotations

import itertools

import pytest

from tests.topology.servers import Postgres, manage, production_env

_numbers = itertools.count(1)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/topology/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.topology)


@pytest.fixture(scope="session")
def pg15():
    cluster = Postgres().init()
    # Room for two clusters' workers and a replica's WAL sender.
    with (cluster.data / "postgresql.auto.conf").open("a") as conf:
        conf.write("max_connections = 60\n")
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> str:
    """collectstatic once per test process (DEBUG off serves the hashed names of its manifest)."""
    root = tmp_path_factory.mktemp("static")
    manage(
        production_env("postgres://unused@127.0.0.1:1/unused", STATIC_ROOT=str(root)),
        "collectstatic",
        "--no-input",
        "-v",
        "0",
    )
    return str(root)


@pytest.fixture
def prod_env(static_root):
    """prod_env(database_url, **more) → the production environment with the collected static files."""
    return lambda database_url, **more: production_env(database_url, STATIC_ROOT=static_root, **more)


@pytest.fixture(scope="session")
def migrated_template(pg15) -> str:
    """A database with every migration applied (and nothing else): the fresh production schema."""
    url = pg15.create_database("desk_template")
    manage(production_env(url), "migrate", "--no-input", "-v", "0")
    manage(production_env(url), "createcachetable")  # a no-op once a migration creates the table
    pg15.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'desk_template'")
    return "desk_template"


@pytest.fixture
def fresh_database(pg15, migrated_template) -> str:
    """A migrated, empty database of the test's own; its URL."""
    return pg15.create_database(f"desk_{next(_numbers)}", template=migrated_template)


# The demo users' password in seeded databases.
DEMO_PASSWORD = "topology-demo-pass-2026"


@pytest.fixture(scope="session")
def seeded_template(pg15, migrated_template) -> str:
    """The migrated template plus `seed_demo` (run once per test process: users, complaints with
    timelines, claims); for the tests that need a database in use."""
    url = pg15.create_database("desk_seeded", template=migrated_template)
    manage(production_env(url, DEMO_PASSWORD=DEMO_PASSWORD), "seed_demo")
    pg15.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'desk_seeded'")
    return "desk_seeded"


@pytest.fixture
def seeded_database(pg15, seeded_template) -> str:
    """A database with the demo data (password DEMO_PASSWORD) of the test's own; its URL."""
    return pg15.create_database(f"desk_{next(_numbers)}", template=seeded_template)
