from django.urls import path

from gongkai.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("enforcement/", views.index, name="index"),
    path("enforcement/decisions/", views.decisions, name="decisions"),
    path("enforcement/decisions/<int:pk>/", views.decision, name="decision"),
    path("enforcement/inspections/", views.plans, name="plans"),
    path("enforcement/inspections/<int:pk>/", views.plan, name="plan"),
    path(
        "enforcement/inspections/<int:pk>/pool-<str:category>.csv", views.plan_pool_csv, name="plan_pool_csv"
    ),
    path(
        "enforcement/inspections/<int:pk>/inspectors.csv",
        views.plan_inspectors_csv,
        name="plan_inspectors_csv",
    ),
    path("enforcement/listed/", views.listed, name="listed"),
    path("enforcement/rectification/", views.rectifications, name="rectifications"),
    path("enforcement/rectification/problems/", views.rectification_problems, name="problems"),
    path("enforcement/rectification/<int:pk>/", views.rectification, name="rectification"),
    path("enforcement/rectification/evidence/<int:pk>/", views.evidence, name="evidence"),
    path("staff/enforcement/decisions/", views.staff_decisions, name="staff_decisions"),
    path("staff/enforcement/creditchina/", views.staff_creditchina, name="staff_creditchina"),
    path("staff/enforcement/creditchina/push/", views.staff_creditchina_push, name="staff_creditchina_push"),
    path("staff/enforcement/decisions/new/", views.staff_decision_new, name="staff_decision_new"),
    path("staff/enforcement/decisions/<int:pk>/", views.staff_decision, name="staff_decision"),
    path("staff/enforcement/decisions/<int:pk>/edit/", views.staff_decision_edit, name="staff_decision_edit"),
    path(
        "staff/enforcement/decisions/<int:pk>/publish/",
        views.staff_decision_publish,
        name="staff_decision_publish",
    ),
    path(
        "staff/enforcement/decisions/<int:pk>/withdraw/",
        views.staff_decision_withdraw,
        name="staff_decision_withdraw",
    ),
    path(
        "staff/enforcement/decisions/<int:pk>/revoked/",
        views.staff_decision_revoked,
        name="staff_decision_revoked",
    ),
    path(
        "staff/enforcement/decisions/<int:pk>/release/",
        views.staff_decision_release,
        name="staff_decision_release",
    ),
    path("staff/enforcement/inspections/", views.staff_plans, name="staff_plans"),
    path("staff/enforcement/inspections/new/", views.staff_plan_new, name="staff_plan_new"),
    path("staff/enforcement/inspections/<int:pk>/", views.staff_plan, name="staff_plan"),
    path("staff/enforcement/inspections/<int:pk>/commit/", views.staff_plan_commit, name="staff_plan_commit"),
    path("staff/enforcement/inspections/<int:pk>/draw/", views.staff_plan_draw, name="staff_plan_draw"),
    path(
        "staff/enforcement/inspections/<int:pk>/publish/", views.staff_plan_publish, name="staff_plan_publish"
    ),
    path("staff/enforcement/results/<int:pk>/", views.staff_result, name="staff_result"),
    path("staff/enforcement/conflicts/", views.staff_conflicts, name="staff_conflicts"),
    path("staff/enforcement/listed/", views.staff_listed, name="staff_listed"),
    path("staff/enforcement/listed/<int:pk>/close/", views.staff_listed_close, name="staff_listed_close"),
    path("staff/enforcement/rectification/", views.staff_rectification, name="staff_rectification"),
    path("staff/enforcement/evidence/<int:pk>/", views.staff_evidence, name="staff_evidence"),
    path(
        "staff/enforcement/rectification/<int:pk>/",
        views.staff_rectification_plan,
        name="staff_rectification_plan",
    ),
    path(
        "staff/enforcement/rectification/<int:pk>/document/<str:which>/",
        views.staff_rectification_document,
        name="staff_rectification_document",
    ),
    path(
        "staff/enforcement/rectification/<int:pk>/progress/",
        views.staff_problem_progress,
        name="staff_problem_progress",
    ),
]
