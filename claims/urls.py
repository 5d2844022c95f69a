from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("complaints/<str:number>/claims/", views.claim_new, name="new"),
    path("complaints/<str:number>/claims/cap/", views.claim_cap, name="cap"),
    path(
        "complaints/<str:number>/claims/<int:claim_id>/<slug:name>/",
        views.claim_transition,
        name="transition",
    ),
    path("complaints/<str:number>/penalties/", views.penalty_new, name="penalty-new"),
    path(
        "complaints/<str:number>/penalties/<int:penalty_id>/<slug:name>/",
        views.penalty_transition,
        name="penalty-transition",
    ),
]
