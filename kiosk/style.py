"""The kiosk's look on top of the shared theme: sizes follow the window, colours the theme's.

Everything is sized from ``font_px``, the body text size of the kiosk theme for the window
(3 % of its shorter side, at least 22 px), so 1024x768 and 1920x1080, portrait or landscape,
keep the same proportions. Widgets pick a rule with ``setProperty("kiosk", "<role>")``.
"""

from __future__ import annotations

from shared.ui.theme import COLORS

C = COLORS["kiosk"]
#: Colours the kiosk adds: success (ready for pickup), a light priority tint, the top bar.
SUCCESS = "#1B5E20"
WARNING_BG = "#FFF4CE"
PRIORITY_TINT = "#FBEDE6"
BAR = "#0B3D75"
#: A sold-out service tile: dark text on a light slate (contrast about 13:1), slate icon.
SOLD_OUT_BG = "#E8ECF1"
SOLD_OUT_TEXT = "#1F2A37"
SOLD_OUT_ICON = "#56657A"
#: The printer warning on home: dark brown on the notice yellow (about 11:1).
WARNING_TEXT = "#3D2B00"


def kiosk_stylesheet(font_px: int, key_px: int = 56) -> str:
    """The window's stylesheet for body text of ``font_px`` pixels and keyboard keys of
    ``key_px`` (at least 15 mm)."""
    f = font_px
    radius = max(10, f // 2)
    return f"""
QWidget {{ font-size: {f}px; color: {C.text}; }}
QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {C.background}; }}
QFrame#topBar {{ background: {BAR}; border: none; }}
QFrame#topBar QLabel {{ color: #FFFFFF; background: transparent; }}
QLabel#centerName {{ font-size: {round(f * 1.05)}px; font-weight: bold; }}
QLabel#agencyName {{ font-size: {round(f * 0.8)}px; color: #DCE6F2; }}
QLabel#clock {{ font-size: {round(f * 1.5)}px; font-weight: bold; }}
QLabel#date {{ font-size: {round(f * 0.8)}px; color: #DCE6F2; }}
QLabel#printerMark {{ background: #FFD54A; color: #111111; border-radius: 6px;
    padding: 4px 10px; font-size: {round(f * 0.9)}px; font-weight: bold; }}
QLabel#printerNoticeText {{ color: {WARNING_TEXT}; font-size: {round(f * 1.05)}px;
    font-weight: bold; }}
QPushButton#languageButton {{ background: transparent; color: #FFFFFF; border: 2px solid #FFFFFF;
    border-radius: {radius}px; font-weight: bold; padding: 0 {f // 2}px; }}
QPushButton#languageButton:pressed {{ background: #FFFFFF; color: {BAR}; }}
QLabel[kiosk="heading"] {{ font-size: {round(f * 1.35)}px; font-weight: bold; color: {C.text}; }}
QLabel[kiosk="lead"] {{ font-size: {round(f * 1.05)}px; color: {C.muted}; }}
QLabel[kiosk="muted"] {{ color: {C.muted}; }}
QLabel[kiosk="fieldName"] {{ color: {C.muted}; font-size: {round(f * 0.85)}px; }}
QLabel[kiosk="fieldValue"] {{ font-weight: bold; font-size: {round(f * 1.05)}px; }}
QLabel[kiosk="section"] {{ font-weight: bold; font-size: {round(f * 1.1)}px; color: {C.primary};
    padding-top: {f // 2}px; }}
QLabel[kiosk="body"] {{ font-size: {f}px; }}
QPushButton {{ border-radius: {radius}px; font-size: {f}px; }}
QWidget#onScreenKeyboard QPushButton {{ min-height: {key_px}px; font-size: {round(f * 1.05)}px;
    padding: 0px; }}
QPushButton[kiosk="result"] QLabel, QPushButton[kiosk="chip"] QLabel {{
    background: transparent; }}
QPushButton[kiosk="chip"] QLabel {{ color: {C.primary}; font-weight: bold; }}
QPushButton[kiosk="groupButton"] {{ background: {C.priority}; color: {C.on_priority};
    border: none; font-weight: bold; font-size: {round(f * 1.05)}px; }}
QPushButton[kiosk="groupButton"]:pressed {{ background: #5E1F00; }}
QPushButton[kiosk="tile"] {{ background: {C.primary}; border: none; }}
QPushButton[kiosk="tile"]:pressed {{ background: {BAR}; }}
QPushButton[kiosk="tile"]:disabled, QPushButton[kiosk="priorityTile"]:disabled {{
    background: {SOLD_OUT_ICON}; }}
QPushButton[kiosk="tile"] QLabel {{ color: {C.on_primary}; background: transparent; }}
QPushButton[kiosk="tile"][soldOut="true"] {{ background: {SOLD_OUT_BG};
    border: 3px dashed {SOLD_OUT_ICON}; }}
QPushButton[kiosk="tile"][soldOut="true"] QLabel {{ color: {SOLD_OUT_TEXT}; }}
QPushButton[kiosk="priorityTile"] {{ background: {C.priority}; border: none; }}
QPushButton[kiosk="priorityTile"]:pressed {{ background: #5E1F00; }}
QPushButton[kiosk="priorityTile"] QLabel {{ color: {C.on_priority}; background: transparent; }}
QPushButton[kiosk="lightTile"] {{ background: {C.surface}; border: 3px solid {C.primary}; }}
QPushButton[kiosk="lightTile"]:pressed {{ background: #D5E2F1; }}
QPushButton[kiosk="lightTile"] QLabel {{ color: {C.primary}; background: transparent; }}
QLabel[tile="title"] {{ font-size: {round(f * 1.15)}px; font-weight: bold; }}
QLabel[tile="subtitle"] {{ font-size: {round(f * 0.8)}px; }}
QPushButton[kiosk="nav"] {{ background: {C.surface}; color: {C.primary}; font-weight: bold;
    border: 3px solid {C.primary}; padding: 0 {f}px; }}
QPushButton[kiosk="action"] {{ background: {C.primary}; color: {C.on_primary}; border: none;
    font-weight: bold; font-size: {round(f * 1.15)}px; padding: 0 {f}px; }}
QPushButton[kiosk="action"]:disabled {{ background: #9AA7B4; color: #FFFFFF; }}
QPushButton[kiosk="result"] {{ background: {C.surface}; color: {C.text}; text-align: left;
    border: 2px solid #9DB5D1; padding: {f // 3}px {f // 2}px; }}
QPushButton[kiosk="result"]:pressed {{ background: #D5E2F1; }}
QPushButton[kiosk="chip"] {{ background: #FFFFFF; color: {C.primary}; text-align: left;
    border: 2px solid {C.primary}; padding: {f // 4}px {f // 2}px; font-weight: bold; }}
QLineEdit {{ font-size: {round(f * 1.2)}px; border: 3px solid {C.primary};
    border-radius: {radius}px; padding: {f // 3}px {f // 2}px; background: #FFFFFF; }}
QFrame[kiosk="card"] {{ background: {C.surface}; border-radius: {radius * 2}px;
    border: 2px solid #C9D6E6; }}
QFrame[kiosk="priorityCard"] {{ background: {PRIORITY_TINT}; border-radius: {radius * 2}px;
    border: 3px solid {C.priority}; }}
QFrame[kiosk="notice"] {{ background: {WARNING_BG}; border: 2px solid #B38600;
    border-radius: {radius}px; }}
QFrame[kiosk="okNotice"] {{ background: #E3F1E4; border: 2px solid {SUCCESS};
    border-radius: {radius}px; }}
QLabel#ticketNumber {{ font-size: {round(f * 6.5)}px; font-weight: bold; color: {C.primary}; }}
QLabel#ticketNumber[priority="true"] {{ color: {C.priority}; }}
QLabel#ticketService {{ font-size: {round(f * 1.4)}px; font-weight: bold; }}
QLabel#ticketCounters {{ font-size: {round(f * 1.2)}px; font-weight: bold; color: {C.primary}; }}
QLabel#priorityBadge {{ background: {C.priority}; color: #FFFFFF; font-weight: bold;
    border-radius: 6px; padding: 2px {f // 2}px; }}
QLabel#statusText {{ font-size: {round(f * 1.5)}px; font-weight: bold; color: {C.primary}; }}
QLabel#statusText[tone="ready"] {{ color: {SUCCESS}; }}
QLabel#statusText[tone="overdue"] {{ color: {C.danger}; }}
QLabel#bigTitle {{ font-size: {round(f * 1.9)}px; font-weight: bold; color: {C.text}; }}
QLabel#bigTitle[tone="danger"] {{ color: {C.danger}; }}
QFrame#stillHere {{ background: rgba(11, 29, 51, 170); }}
QFrame#stillHereCard {{ background: {C.surface}; border-radius: {radius * 2}px;
    border: 3px solid {C.primary}; }}
QLabel#stillHereTitle {{ font-size: {round(f * 1.9)}px; font-weight: bold; color: {C.text}; }}
QLabel#stillHereCountdown {{ font-size: {round(f * 1.2)}px; color: {C.text}; }}
"""
