"""Moved to infra.permissions; kept only until the claims API imports it from there."""

from infra.permissions import ModelPermissionsByMethod

__all__ = ["ModelPermissionsByMethod"]
