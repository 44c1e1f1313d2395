"""Results, comparisons, the report, exports and dashboards, gathered per area."""

from mysam.insights.views import analysis, compare, dashboard, exports, imports, report

app_name = "insights"

urlpatterns = [
    *analysis.urlpatterns,
    *compare.urlpatterns,
    *report.urlpatterns,
    *exports.urlpatterns,
    *imports.urlpatterns,
    *dashboard.urlpatterns,
]
