"""Where the product's files live: bundled assets and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: The repository's assets/ folder (fonts, icons, sounds, catalog, translations).
ASSETS_DIR = Path(os.environ.get("LAYSO_ASSETS", Path(__file__).resolve().parents[1] / "assets"))

FONTS_DIR = ASSETS_DIR / "fonts"
CATALOG_DIR = ASSETS_DIR / "catalog"
ICONS_DIR = ASSETS_DIR / "icons"
SOUNDS_DIR = ASSETS_DIR / "sounds"
VOICE_DIR = ASSETS_DIR / "voice"


def data_dir() -> Path:
    """The user's data directory (the default SQLite database, caches, logs)."""
    path = Path(os.environ.get("LAYSO_DATA_DIR") or platformdirs.user_data_dir("layso", "layso"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """A folder for caches that can be rebuilt (synthesised voice clips, rendered images)."""
    path = data_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path
