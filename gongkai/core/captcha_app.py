"""django-simple-captcha installed without its message catalogues and templates.

Its zh_Hans catalogue translates Django's own "This field is required." as 这个字段是必须的, and an
installed app's catalogue takes precedence over Django's: every required-field error of the site
would change wording. The login form's CAPTCHA uses the project's own messages and widget
template, so the app is registered with its `path` pointing at its font directory, which holds
neither `locale/` nor `templates/`; models, migrations and views are found through the module."""

from __future__ import annotations

from pathlib import Path

import captcha
from django.apps import AppConfig


class CaptchaConfig(AppConfig):
    name = "captcha"
    label = "captcha"
    verbose_name = "CAPTCHA"
    path = str(Path(captcha.__file__).parent / "fonts")
