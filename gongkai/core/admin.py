"""The Django admin is for reference data only. Accounts, roles, the calendar and the audit
trail change through the staff console, whose services check permissions and write audit records,
so none of them is editable here."""

from django.contrib import admin
from django.contrib.auth.models import Group

admin.site.unregister(Group)
