"""Outgoing mail kept as files when no SMTP server is configured: the files carry applicants'
names and addresses, so the folder is 0700 and each file 0600 (gongkai/core/filemodes.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

from gongkai.core.filemodes import private_dir, private_file


class PrivateFileEmailBackend(EmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, file_path=file_path, **kwargs)
        private_dir(Path(self.file_path))

    def close(self):
        try:
            return super().close()
        finally:
            if getattr(self, "_fname", None):
                private_file(self._fname)
