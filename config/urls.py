from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.views import healthz
from ops.views import metrics_view, readyz

api_v1 = [
    path("", include("customers.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("claims.api_urls")),
    path("", include("analytics.api_urls")),
]

urlpatterns = [
    path("", include("complaints.urls")),
    path("", include("claims.urls")),
    path("", include("analytics.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script from a URL: no inline script (Content-Security-Policy).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
]

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
