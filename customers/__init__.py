"""Customers, products and shipments (the operations system's feed and import), phone numbers and the
masking of personal data.

Imports org and infra only."""
