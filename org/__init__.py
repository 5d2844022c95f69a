"""The organisation: departments (customer service teams, outlets, sorting centres), staff profiles,
roles and the access helpers built on them.

The bottom of the business apps: imports infra only."""
