"""Views of the organisation registry, one module per area; each defines its urlpatterns.

- overview.py: the structure picture, group pages, the representation check
- registry.py: the office's editing of parties, units, places, groups, people, memberships
- transfer.py: import of people and memberships, export of the structure
"""
