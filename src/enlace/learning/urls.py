"""Learning pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace,
each beginning with "learning_"). A training's pages are addressed by its engagement's id, as in
the API. The participants' and verifiers' public pages are in learning.public_urls."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.learning.views import (
    assessments,
    certificates,
    curricula,
    dashboard,
    enrollments,
    instruments,
    responses,
    trainings,
)

T = "learning/trainings/<uuid:pk>/"

urlpatterns: list[URLPattern] = [
    path("learning/", trainings.training_list, name="learning_training_list"),
    # Curricula and modules
    path("learning/curricula/", curricula.curriculum_list, name="learning_curriculum_list"),
    path("learning/curricula/new/", curricula.curriculum_create, name="learning_curriculum_create"),
    path(
        "learning/curricula/<uuid:pk>/",
        curricula.curriculum_detail,
        name="learning_curriculum_detail",
    ),
    path(
        "learning/curricula/<uuid:pk>/edit/",
        curricula.curriculum_edit,
        name="learning_curriculum_edit",
    ),
    path(
        "learning/curricula/<uuid:pk>/delete/",
        curricula.curriculum_delete,
        name="learning_curriculum_delete",
    ),
    path(
        "learning/curricula/<uuid:pk>/modules/",
        curricula.module_add,
        name="learning_module_add",
    ),
    path("learning/modules/<uuid:pk>/edit/", curricula.module_edit, name="learning_module_edit"),
    path("learning/modules/<uuid:pk>/move/", curricula.module_move, name="learning_module_move"),
    path(
        "learning/modules/<uuid:pk>/remove/",
        curricula.module_remove,
        name="learning_module_remove",
    ),
    # Assessments and items
    path("learning/assessments/", assessments.assessment_list, name="learning_assessment_list"),
    path(
        "learning/assessments/new/",
        assessments.assessment_create,
        name="learning_assessment_create",
    ),
    path(
        "learning/assessments/<uuid:pk>/",
        assessments.assessment_detail,
        name="learning_assessment_detail",
    ),
    path(
        "learning/assessments/<uuid:pk>/edit/",
        assessments.assessment_edit,
        name="learning_assessment_edit",
    ),
    path(
        "learning/assessments/<uuid:pk>/delete/",
        assessments.assessment_delete,
        name="learning_assessment_delete",
    ),
    path(
        "learning/assessments/<uuid:pk>/items/new/",
        assessments.item_add,
        name="learning_item_add",
    ),
    path("learning/items/<uuid:pk>/edit/", assessments.item_edit, name="learning_item_edit"),
    path("learning/items/<uuid:pk>/remove/", assessments.item_remove, name="learning_item_remove"),
    # One training (pk: its engagement)
    path(T, trainings.training_detail, name="learning_training"),
    path(T + "setup/", trainings.training_setup, name="learning_training_setup"),
    path(T + "settings/", trainings.training_settings, name="learning_training_settings"),
    path(T + "sessions/", trainings.session_list, name="learning_sessions"),
    path(T + "sessions/add/", trainings.session_add, name="learning_session_add"),
    path(T + "sessions/generate/", trainings.sessions_generate, name="learning_sessions_generate"),
    path(T + "sessions/<uuid:item_pk>/edit/", trainings.session_edit, name="learning_session_edit"),
    path(
        T + "sessions/<uuid:item_pk>/remove/",
        trainings.session_remove,
        name="learning_session_remove",
    ),
    path(T + "enrolments/", enrollments.enrollment_list, name="learning_enrollments"),
    path(T + "enrolments/add/", enrollments.enrollment_add, name="learning_enrollment_add"),
    path(
        T + "enrolments/<uuid:item_pk>/edit/",
        enrollments.enrollment_edit,
        name="learning_enrollment_edit",
    ),
    path(
        T + "enrolments/<uuid:item_pk>/withdraw/",
        enrollments.enrollment_withdraw,
        name="learning_enrollment_withdraw",
    ),
    path(
        T + "enrolments/<uuid:item_pk>/remove/",
        enrollments.enrollment_remove,
        name="learning_enrollment_remove",
    ),
    path(T + "attendance/", enrollments.attendance, name="learning_attendance"),
    path(T + "tests/", instruments.instrument_list, name="learning_instruments"),
    path(T + "tests/attach/", instruments.instrument_attach, name="learning_instrument_attach"),
    path(
        T + "tests/<uuid:item_pk>/close/",
        instruments.instrument_close,
        name="learning_instrument_close",
    ),
    path(
        T + "tests/<uuid:item_pk>/detach/",
        instruments.instrument_detach,
        name="learning_instrument_detach",
    ),
    path(T + "links/", responses.links_issue, name="learning_links_issue"),
    path(
        T + "responses/new/<str:phase>/",
        responses.response_enter,
        name="learning_response_enter",
    ),
    path(
        T + "responses/<uuid:item_pk>/",
        responses.response_detail,
        name="learning_response_detail",
    ),
    path(
        T + "responses/<uuid:item_pk>/remove/",
        responses.response_remove,
        name="learning_response_remove",
    ),
    path(T + "certificates/", certificates.certificate_list, name="learning_certificates"),
    path(
        T + "certificates/issue/",
        certificates.certificate_issue,
        name="learning_certificate_issue",
    ),
    path(
        T + "certificates/<uuid:item_pk>/pdf/",
        certificates.certificate_pdf,
        name="learning_certificate_pdf",
    ),
    path(
        T + "certificates/<uuid:item_pk>/revoke/",
        certificates.certificate_revoke,
        name="learning_certificate_revoke",
    ),
    path(T + "dashboard/", dashboard.dashboard, name="learning_dashboard"),
    # A participant's record across trainings (pk: the person)
    path("learning/people/<uuid:pk>/", dashboard.participant, name="learning_participant"),
]
