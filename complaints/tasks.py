"""django-q2 targets of the complaints app."""

from complaints.services.sweep import sla_sweep as run_sla_sweep


def sla_sweep() -> str:
    counts = run_sla_sweep()
    return (
        f"warned {counts.warned}, escalated {counts.escalated}, "
        f"callback reminders {counts.callback_reminders}, deemed lost {counts.deemed_lost}"
    )
