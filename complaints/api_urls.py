from django.urls import path
from rest_framework.routers import SimpleRouter

from complaints.api import ComplaintViewSet, ContactView

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = [path("contacts/", ContactView.as_view(), name="contact-list"), *router.urls]
