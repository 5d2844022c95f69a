"""The API's token authentication: DRF's, with everything the request then asks of its user read in
the same query: the user, their roles, their model permissions and their staff profile (org.backends:
the access rules ask for the department on nearly every API request). One query where DRF's and
Django's took four."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from org.backends import PERMISSIONS_SQL, PROFILE_COLUMNS, PROFILE_JOIN, ROLES_SQL, remember_access


def _fields(model) -> list:
    return list(model._meta.concrete_fields)


@cache
def _token_sql(token_model) -> str:
    """The token's row and its user's, then the user's access columns (org.backends)."""
    user_model = get_user_model()
    columns = [
        *(f"t.{field.column}" for field in _fields(token_model)),
        *(f"u.{field.column}" for field in _fields(user_model)),
    ]
    return f"""
        SELECT {", ".join(columns)}, {ROLES_SQL}, {PERMISSIONS_SQL}, {PROFILE_COLUMNS}
          FROM {token_model._meta.db_table} t
          JOIN {user_model._meta.db_table} u ON u.id = t.user_id
          {PROFILE_JOIN}
         WHERE t.key = %s
    """


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        token_model, user_model = self.get_model(), get_user_model()
        with connection.cursor() as cursor:
            cursor.execute(_token_sql(token_model), [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        objects, start = [], 0
        for model in (token_model, user_model):
            names = [field.attname for field in _fields(model)]
            objects.append(model.from_db(connection.alias, names, row[start : start + len(names)]))
            start += len(names)
        token, user = objects
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token._state.fields_cache["user"] = user
        remember_access(user, row[start:])
        return (user, token)
