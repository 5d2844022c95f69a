from django.urls import path

from complaints.views import detail, intake, rating, review, track, workbench

app_name = "complaints"

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("track/", track.track, name="track"),
    path("track/result/", track.track_result, name="track-result"),
    path("rate/<str:token>/", rating.rate, name="rate"),
    path("complaints/new/", intake.complaint_new, name="new"),
    path("contacts/new/", intake.contact_new, name="contact-new"),
    path("review/", review.review, name="review"),
    path("review/reassign/", review.review_reassign, name="review-reassign"),
    path("complaints/<str:number>/", detail.complaint_detail, name="detail"),
    path("complaints/<str:number>/case-file/", detail.case_file, name="case-file"),
    path("complaints/<str:number>/unmask/", detail.complaint_unmask, name="unmask"),
    path("complaints/<str:number>/attachments/", detail.complaint_attach, name="attach"),
    path(
        "complaints/<str:number>/attachments/<int:attachment_id>/",
        detail.attachment_download,
        name="attachment",
    ),
    path("complaints/<str:number>/do/<slug:name>/", detail.complaint_transition, name="transition"),
]
