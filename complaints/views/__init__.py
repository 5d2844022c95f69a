"""The agents' and supervisors' browser pages."""
