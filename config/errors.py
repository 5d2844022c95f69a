"""Moved to infra.errors; kept only until the last importers (claims, the complaint page, the review
page and the demo data) import it from there."""

from infra.errors import Conflict

__all__ = ["Conflict"]
