"""Each colleague's open load, kept by the database as complaints change, so that routing a new
complaint to the least-loaded colleague reads one row per colleague on duty instead of counting open
complaints (which grows with the backlog)."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgentLoad(models.Model):
    """Open complaints a colleague owns, and open complaints assigned to them (a complaint owned and
    assigned to the same person counts in both, as routing always weighed it).

    Written only by the triggers on the complaint table (`load_triggers`), in the same transaction as
    the insert, update or delete that moves it; `complaints.services.routing.agent_load_drift` compares
    it with a recount, and `agent_load_recount` rebuilds it (after a bulk load with the triggers off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="open_load",
        verbose_name=_("colleague"),
    )
    owned = models.IntegerField(_("open complaints owned"), default=0)
    assigned = models.IntegerField(_("open complaints assigned"), default=0)

    class Meta:
        verbose_name = _("open load")
        verbose_name_plural = _("open loads")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.owned}/{self.assigned}"


LOAD_TABLE = "complaints_agentload"


def _load_change_sql(open_states: list[str]) -> str:
    """The trigger body: the old row leaves the counts if it was open, the new one joins them if it is.
    One upsert, rows in user order (two transfers in opposite directions lock in the same order)."""
    states = ", ".join(f"'{state}'" for state in open_states)
    return f"""
    INSERT INTO {LOAD_TABLE} AS load (user_id, owned, assigned)
    SELECT user_id, sum(owned), sum(assigned)
      FROM (VALUES (CASE WHEN OLD.status IN ({states}) THEN OLD.owner_id END, -1, 0),
                   (CASE WHEN OLD.status IN ({states}) THEN OLD.assignee_id END, 0, -1),
                   (CASE WHEN NEW.status IN ({states}) THEN NEW.owner_id END, 1, 0),
                   (CASE WHEN NEW.status IN ({states}) THEN NEW.assignee_id END, 0, 1))
           AS change (user_id, owned, assigned)
     WHERE user_id IS NOT NULL
     GROUP BY user_id
    HAVING sum(owned) <> 0 OR sum(assigned) <> 0
     ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE
       SET owned = load.owned + EXCLUDED.owned, assigned = load.assigned + EXCLUDED.assigned;
    RETURN NULL;
    """


def load_triggers(open_states: list[str]) -> list[pgtrigger.Trigger]:
    """Triggers for the complaint table. Updates that touch neither the state, the owner nor the
    assignee (deadlines, the SLA sweep's bookkeeping) are filtered out before the function runs."""
    body = _load_change_sql(open_states)
    return [
        pgtrigger.Trigger(
            name="agent_load_insert_delete",
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Delete,
            func=body,
        ),
        pgtrigger.Trigger(
            name="agent_load_update",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange("status", "owner", "assignee"),
            func=body,
        ),
    ]
