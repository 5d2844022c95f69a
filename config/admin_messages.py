"""Django admin's own page titles, worded alike in our catalogue (locale/ takes precedence over
Django's): Django's Chinese has "选择 产品 来修改" beside "选择投诉查看"."""

from django.utils.translation import gettext_noop

ADMIN_TITLES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
]
