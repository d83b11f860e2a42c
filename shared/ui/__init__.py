"""The only Qt code in shared/: theme, fonts, QR widget, keyboard, messages, app start-up."""

from shared.ui.none_guard import keep_none_alive

keep_none_alive()  # PySide6 6.12 on Python 3.11 drops a reference to None per void call
