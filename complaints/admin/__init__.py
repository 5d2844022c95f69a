"""Django admin for managers, supervisors and auditors (CONTRACT.md /admin/)."""

from complaints.admin import complaint, config, incidents  # noqa: F401  (registration)
