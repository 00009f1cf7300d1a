"""Development settings: the embedded default of `make run` (SQLite, in-process tasks)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"  # noqa: F405
