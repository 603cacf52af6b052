from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nieuw/", views.support_request_new, name="new"),
    path("verwijzen/", views.referral_new, name="referral"),
    path(
        "nieuw/huishouden/<int:household_id>/",
        views.support_request_new_for_household,
        name="new_for_household",
    ),
    path("<int:support_request_id>/", views.support_request_detail, name="detail"),
    path("<int:support_request_id>/ontvangstbevestiging/", views.receipt, name="receipt"),
    path("<int:support_request_id>/afsluiten/", views.support_request_close, name="close"),
    path("<int:support_request_id>/onderzoek/starten/", views.inquiry_start, name="inquiry_start"),
    path("<int:support_request_id>/onderzoek/", views.inquiry_detail, name="inquiry"),
    path(
        "<int:support_request_id>/onderzoek/persoonlijk-plan/",
        views.personal_plan_record,
        name="personal_plan",
    ),
    path("<int:support_request_id>/onderzoek/gesprek/", views.conversation_new, name="conversation_new"),
    path("<int:support_request_id>/verslag/", views.report_edit, name="report"),
    path(
        "<int:support_request_id>/verslag/afdruk/", views.report_document, {"output": "html"}, "report_html"
    ),
    path("<int:support_request_id>/verslag/pdf/", views.report_document, {"output": "pdf"}, "report_pdf"),
    path("termijn/<int:term_id>/opschorten/", views.term_change, {"change": "suspend"}, name="term_suspend"),
    path("termijn/<int:term_id>/hervatten/", views.term_change, {"change": "resume"}, name="term_resume"),
    path("termijn/<int:term_id>/verlengen/", views.term_change, {"change": "extend"}, name="term_extend"),
]
