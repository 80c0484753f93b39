class DomainError(Exception):
    """A business rule said no. `message` is fit to show the user (Chinese via gettext)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
