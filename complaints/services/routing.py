"""Which team's queue a new complaint goes to, and who in it should take it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from complaints.models import OPEN_STATES, AgentLoad, Category, Tier
from complaints.reference import Reference
from org.models import Department
from org.roles import Role

TIER_ORDER = [Tier.FRONTLINE, Tier.SUPERVISOR, Tier.EXPERT]
TIER_ROLE = {Tier.FRONTLINE: Role.AGENT, Tier.SUPERVISOR: Role.SUPERVISOR, Tier.EXPERT: Role.EXPERT}


@dataclass(frozen=True)
class Route:
    department_id: int | None
    tier: str
    auto_assign: bool


def route_for(*, category: Category, outlet_id: int | None, reference: Reference | None = None) -> Route:
    """The first active rule (by priority) matching the category (itself or its first level; a rule
    without one matches all) and the waybill's outlet (a rule without one matches all; a complaint
    without an outlet only those). From the cached rules (complaints/reference.py): no query."""
    first_level = category.code.split(".")[0]
    for rule in (reference or Reference()).routing:
        if (
            rule.category_id is not None
            and rule.category_id != category.pk
            and rule.category_code != first_level
        ):
            continue
        if rule.outlet_id is not None and rule.outlet_id != outlet_id:
            continue
        return Route(department_id=rule.department_id, tier=rule.tier, auto_assign=rule.auto_assign)
    return Route(department_id=None, tier=Tier.FRONTLINE, auto_assign=False)


def higher_tier(a: str, b: str) -> str:
    return max(a, b, key=TIER_ORDER.index)


def least_loaded(*, department: Department | int | None, tier: str):
    """The colleague on duty in `department` with the tier's role and the fewest open complaints
    (owned plus assigned, from their AgentLoad row: no counting of complaints, so the cost grows with
    the colleagues on duty, not with the open backlog); None when nobody is on duty. One query."""
    if department is None:
        return None
    user_model = get_user_model()
    columns = [field.column for field in user_model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            LEAST_LOADED_SQL.format(columns=", ".join(f"u.{column}" for column in columns)),
            {"department": getattr(department, "pk", department), "role": str(TIER_ROLE[tier])},
        )
        row = cursor.fetchone()
    return (
        user_model.from_db(connection.alias, [f.attname for f in user_model._meta.concrete_fields], row)
        if row
        else None
    )


# Written as SQL: it runs on every routed intake, and the ORM took longer to build it (joins, an
# annotation) than the database to answer it. Owned work plus work assigned but not yet taken; no
# load row yet means no open work. The role and the load are subqueries rather than joins: the planner
# then orders two tables instead of five (its planning took longer than its execution).
LEAST_LOADED_SQL = """
SELECT {columns}
  FROM auth_user u
  JOIN org_staffprofile p ON p.user_id = u.id
 WHERE u.is_active AND p.department_id = %(department)s AND p.on_duty
   AND u.id IN (SELECT ug.user_id FROM auth_user_groups ug
                 WHERE ug.group_id = (SELECT g.id FROM auth_group g WHERE g.name = %(role)s))
 ORDER BY COALESCE((SELECT l.owned + l.assigned FROM complaints_agentload l WHERE l.user_id = u.id), 0), u.id
 LIMIT 1
"""


RECOUNT_SQL = """
SELECT user_id, sum(owned)::int AS owned, sum(assigned)::int AS assigned
  FROM (SELECT owner_id AS user_id, count(*) AS owned, 0 AS assigned FROM complaints_complaint
         WHERE status = ANY(%(open)s) AND owner_id IS NOT NULL GROUP BY owner_id
        UNION ALL
        SELECT assignee_id, 0, count(*) FROM complaints_complaint
         WHERE status = ANY(%(open)s) AND assignee_id IS NOT NULL GROUP BY assignee_id) counts
 GROUP BY user_id
"""


def agent_load_drift() -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Colleagues whose stored load differs from a recount: user id → ((owned, assigned) stored,
    (owned, assigned) counted). Empty when the triggers kept every count right."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH counted AS ({RECOUNT_SQL})
            SELECT COALESCE(l.user_id, c.user_id), COALESCE(l.owned, 0), COALESCE(l.assigned, 0),
                   COALESCE(c.owned, 0), COALESCE(c.assigned, 0)
              FROM {AgentLoad._meta.db_table} l FULL JOIN counted c ON c.user_id = l.user_id
             WHERE COALESCE(l.owned, 0) <> COALESCE(c.owned, 0)
                OR COALESCE(l.assigned, 0) <> COALESCE(c.assigned, 0)
            """,
            {"open": [str(s) for s in OPEN_STATES]},
        )
        return {row[0]: ((row[1], row[2]), (row[3], row[4])) for row in cursor.fetchall()}


def agent_load_recount() -> int:
    """Rebuild every colleague's load from the open complaints (after a bulk load that bypassed the
    triggers). The table lock waits for transactions that moved a load and holds back new ones, so no
    change is counted twice or lost. Returns the number of colleagues with open work."""
    table = AgentLoad._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (user_id, owned, assigned) {RECOUNT_SQL}",
            {"open": [str(s) for s in OPEN_STATES]},
        )
        return cursor.rowcount


def queue_members(*, department: Department | None, tier: str):
    """Who is told about a complaint arriving in a tier's queue: that role in the team, or (when the team
    has none) everyone with the role."""
    users = get_user_model().objects.filter(is_active=True, groups__name=TIER_ROLE[tier])
    if department is not None and tier != Tier.EXPERT:
        in_team = users.filter(staff_profile__department=department)
        if in_team.exists():
            return list(in_team)
    return list(users)
