from django.urls import path

from gongkai.disclosure import feeds, views_public, views_staff

app_name = "disclosure"

S = "staff/disclosure/"

urlpatterns = [
    # public: /zdgk/ (主动公开); /xxgk/<slug>/ belongs to the core column pages
    path("zdgk/", views_public.index, name="index"),
    path("zdgk/list/", views_public.document_list, name="list"),
    path("zdgk/search/", views_public.search_page, name="search"),
    path("zdgk/mulu/<int:pk>/", views_public.item, name="item"),
    path("zdgk/mulu/<int:pk>/rss/", feeds.ItemFeed(), name="item_rss"),
    path("zdgk/mulu/<int:pk>/atom/", feeds.ItemAtomFeed(), name="item_atom"),
    path("zdgk/rss/", feeds.SiteFeed(), name="rss"),
    path("zdgk/atom/", feeds.SiteAtomFeed(), name="atom"),
    path("zdgk/fj/<int:pk>/", views_public.attachment, name="attachment"),
    path("zdgk/wj/<path:index_number>/", views_public.document, name="document"),
    # staff console
    path(S, views_staff.dashboard, name="staff_dashboard"),
    path(f"{S}documents/", views_staff.document_list, name="staff_documents"),
    path(f"{S}documents/new/", views_staff.document_create, name="staff_document_new"),
    path(f"{S}documents/word-import/", views_staff.word_import, name="staff_word_import"),
    path(f"{S}documents/<int:pk>/", views_staff.document_detail, name="staff_document"),
    path(f"{S}documents/<int:pk>/edit/", views_staff.document_edit, name="staff_document_edit"),
    path(f"{S}documents/<int:pk>/history/", views_staff.history, name="staff_history"),
    path(f"{S}documents/<int:pk>/attachments/", views_staff.attachment_add, name="staff_attachment_add"),
    path(f"{S}documents/<int:pk>/submit/", views_staff.submit, name="staff_submit"),
    path(f"{S}documents/<int:pk>/recall/", views_staff.recall, name="staff_recall"),
    path(f"{S}documents/<int:pk>/return/", views_staff.return_document, name="staff_return"),
    path(f"{S}documents/<int:pk>/review/", views_staff.review, name="staff_review"),
    path(f"{S}documents/<int:pk>/redact-all/", views_staff.redact_all, name="staff_redact_all"),
    path(f"{S}documents/<int:pk>/approve/", views_staff.approve, name="staff_approve"),
    path(f"{S}documents/<int:pk>/withdraw/", views_staff.withdraw, name="staff_withdraw"),
    path(f"{S}documents/<int:pk>/revise/", views_staff.revise, name="staff_revise"),
    path(f"{S}documents/<int:pk>/replace/", views_staff.replace, name="staff_replace"),
    path(f"{S}attachments/<int:pk>/remove/", views_staff.attachment_remove, name="staff_attachment_remove"),
    path(f"{S}attachments/<int:pk>/edit/", views_staff.attachment_update, name="staff_attachment_update"),
    path(f"{S}attachments/<int:pk>/original/", views_staff.attachment_original, name="staff_original"),
    path(f"{S}attachments/<int:pk>/preview/", views_staff.attachment_preview, name="staff_preview"),
    path(f"{S}hits/<int:pk>/redact/", views_staff.hit_redact, name="staff_hit_redact"),
    path(f"{S}hits/<int:pk>/override/", views_staff.hit_override, name="staff_hit_override"),
    path(f"{S}catalogue/", views_staff.catalogue_list, name="staff_catalogue"),
    path(f"{S}catalogue/new/", views_staff.catalogue_edit, name="staff_catalogue_new"),
    path(f"{S}catalogue/import/", views_staff.catalogue_import, name="staff_catalogue_import"),
    path(f"{S}catalogue/<int:pk>/", views_staff.catalogue_edit, name="staff_catalogue_edit"),
    path(f"{S}catalogue/<int:pk>/delete/", views_staff.catalogue_delete, name="staff_catalogue_delete"),
    path(f"{S}timeliness/", views_staff.timeliness, name="staff_timeliness"),
    path(f"{S}figures/", views_staff.figures, name="staff_figures"),
    path(f"{S}figures/freeze/", views_staff.freeze_figures, name="staff_freeze_figures"),
    path(f"{S}import/", views_staff.legacy_import, name="staff_import"),
    path(f"{S}import/template/", views_staff.legacy_template, name="staff_import_template"),
    path(f"{S}import/batches/", views_staff.legacy_batches, name="staff_legacy_batches"),
    path(f"{S}import/batches/<int:pk>/", views_staff.legacy_batch, name="staff_legacy_batch"),
    path(
        f"{S}import/batches/<int:pk>/review/",
        views_staff.legacy_batch_review,
        name="staff_legacy_batch_review",
    ),
]
