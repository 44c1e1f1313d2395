"""Views of action plans, one module per area; each defines its urlpatterns.

- plan.py: a group's plans, writing a version (sections, target groups, goals, activities),
  progress, budget and spending, starting a revision, adopting
- versions.py: the versions of a plan, one version read-only, the comparison of two
  versions, Word and PDF export
- county.py: the county view (office, board); the template and target-group catalogue
"""
