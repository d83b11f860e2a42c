"""A procedure's page: name, code, field, time limit, fee, documents (originals, copies),
steps, legal basis and where this comes from, online level, a QR code to its page on the
national portal, and one tap to take a number for it.

What the catalog does not know is never "to be confirmed": the page says which counter to ask
("Hỏi tại Quầy 1, 2", the counters serving the procedure's service), or to ask the staff when
no counter serves it. The whole page scrolls (a finger drags it, or the page buttons); only
"take a number" and the navigation stay put at the bottom. In English the catalog's fixed
vocabularies (online level, handling level, time unit) are translated
(kiosk/catalog_terms.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog_terms import field_text, level_text, online_level_text, time_unit_text
from kiosk.screens.base import Screen
from kiosk.screens.home import service_name
from kiosk.widgets import label, touch_px
from shared.catalog import ProcedureView
from shared.dossier_views import UNIT_TEXT
from shared.i18n import tr
from shared.ui.qr_widget import QrWidget
from shared.ui.touch_scroll import TouchScrollArea
from shared.views import ServiceView

#: Where a long address may wrap: after its slashes, "?", "&" and "=" (a zero-width space).
_URL_BREAKS = re.compile(r"([/?&=])(?=[^/\s])")
_URL = re.compile(r"https?://([^/\s;|]+)")
#: In a catalog's ``source``, what comes after this names the pages the content was taken
#: from (assets/catalog/README.md); before it, where the procedure's listing came from.
_CONTENT_MARK = "Nội dung:"


def source_text(source: str) -> str:
    """The sites a procedure's facts come from, as a citizen reads them: the host names of
    the pages cited for the content ("dichvucong.gov.vn, dichvucong.laocai.gov.vn"), else of
    every page cited, else the source as written."""
    cited = source.split(_CONTENT_MARK, 1)[1] if _CONTENT_MARK in source else source
    hosts = list(dict.fromkeys(host.removeprefix("www.") for host in _URL.findall(cited)))
    return ", ".join(hosts) if hosts else breakable(source)


def ask_text(counters: Sequence[int], language: str) -> str:
    """"Hỏi tại Quầy 1, 2": where to ask what the catalog does not say."""
    if counters:
        return tr("kiosk.procedure_ask_at", language,
                  counters=", ".join(str(number) for number in counters))
    return tr("kiosk.procedure_ask_staff", language)


def breakable(text: str) -> str:
    """``text`` with a zero-width space after the separators of its web addresses, so a
    label can wrap them on a narrow screen."""
    return " ".join(_URL_BREAKS.sub("\\1\u200b", word) if "://" in word else word
                    for word in text.split(" "))


def time_limit_text(procedure: ProcedureView, language: str,
                    counters: Sequence[int] = ()) -> str:
    """"5 ngày làm việc", "Trong ngày", or which counter to ask when the catalog has none."""
    if procedure.time_limit is None or not procedure.time_unit:
        return ask_text(counters, language)
    if procedure.time_limit == 0:
        return tr("kiosk.procedure_same_day", language)
    vi, en = UNIT_TEXT.get(procedure.time_unit, (procedure.time_unit, procedure.time_unit))
    if language == "en":
        en = time_unit_text(procedure.time_unit, language) or en
    return f"{procedure.time_limit} {en if language == 'en' else vi}"


class ProcedureScreen(Screen):
    """Details scroll; the QR code and the "take a number" button stay at the bottom."""

    take_number_clicked = Signal(str)  # service code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.procedure: ProcedureView | None = None
        self.service: ServiceView | None = None
        self.counters: tuple[int, ...] = ()
        self.name = label("", "heading")
        self.name.setObjectName("procedureName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        facts = QFrame()
        facts.setProperty("kiosk", "card")
        self._facts = QGridLayout(facts)
        self._facts.setContentsMargins(20, 12, 20, 12)
        self._facts.setHorizontalSpacing(24)
        self._facts.setVerticalSpacing(4)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for index, key in enumerate(("code", "field", "time_limit", "fee", "online", "level")):
            name, value = label("", "fieldName"), label("", "fieldValue")
            value.setObjectName(f"fact_{key}")
            self._facts.addWidget(name, (index // 2) * 2, index % 2)
            self._facts.addWidget(value, (index // 2) * 2 + 1, index % 2)
            self.fact_labels[key] = (name, value)
        self.documents_title = label("", "section")
        self.documents = label("", "body")
        self.documents.setObjectName("documents")
        self.steps_title = label("", "section")
        self.steps = label("", "body")
        self.steps.setObjectName("steps")
        self.legal_title = label("", "section")
        self.legal = label("", "body")
        self.legal.setObjectName("legalBasis")
        self.source = label("", "muted")
        self.source.setObjectName("procedureSource")
        # The portal QR code, under the facts (it scrolls with the page).
        self.qr = QrWidget()
        self.qr.setObjectName("portalQr")
        self.qr_caption = label("", "muted")
        portal = QHBoxLayout()
        portal.setSpacing(18)
        portal.addWidget(self.qr)
        portal.addWidget(self.qr_caption, 1)
        content = QWidget()
        rows = QVBoxLayout(content)
        rows.setContentsMargins(0, 0, 12, 0)
        # What to bring comes first, right under the facts; then the steps, the portal's QR
        # code, the legal basis and where it all comes from.
        for widget in (self.name, facts, self.documents_title, self.documents,
                       self.steps_title, self.steps):
            rows.addWidget(widget)
        rows.addLayout(portal)
        for widget in (self.legal_title, self.legal, self.source):
            rows.addWidget(widget)
        rows.addStretch(1)
        self.scroller = TouchScrollArea()
        self.scroller.setObjectName("procedureScroll")
        self.scroller.setWidget(content)
        self.body.addWidget(self.scroller, 1)
        # Bottom: the take-a-number button, always in reach.
        self.take = QPushButton()
        self.take.setObjectName("takeNumberButton")
        self.take.setProperty("kiosk", "action")
        self.take.setMinimumHeight(round(touch_px(self) * 1.3))
        self.take.clicked.connect(self._on_take_clicked)
        self.no_service = label("", "muted")
        self.body.addWidget(self.take)
        self.body.addWidget(self.no_service)

    def show_procedure(self, procedure: ProcedureView, service: ServiceView | None,
                       counters: Sequence[int] = ()) -> None:
        """Show ``procedure``; ``counters`` are the numbers of the counters serving its
        service (where to ask what the catalog does not say)."""
        self.procedure = procedure
        self.service = service
        self.counters = tuple(counters)
        self.qr.set_text(procedure.portal_url)
        self.scroller.scroll_to_top()
        self.retranslate(self.language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        keys = {"code": "procedure_code", "field": "procedure_field",
                "time_limit": "procedure_time_limit", "fee": "procedure_fee",
                "online": "procedure_online", "level": "procedure_level"}
        for key, (name, _value) in self.fact_labels.items():
            name.setText(tr(f"kiosk.{keys[key]}", language))
        self.documents_title.setText(tr("kiosk.procedure_documents", language))
        self.steps_title.setText(tr("kiosk.procedure_steps", language))
        self.qr_caption.setText(tr("kiosk.procedure_portal", language))
        self.no_service.setText(tr("kiosk.no_service_for", language))
        procedure = self.procedure
        if procedure is None:
            return
        unknown = ask_text(self.counters, language)
        values = {"code": procedure.code,
                  "field": field_text(procedure.field, language, self.service),
                  "time_limit": time_limit_text(procedure, language, self.counters),
                  "fee": procedure.fee or unknown,
                  "online": online_level_text(procedure.online_level, language) or unknown,
                  "level": level_text(procedure.level, language) or unknown}
        for key, (_name, value) in self.fact_labels.items():
            value.setText(values[key])
        self.name.setText(procedure.name)
        if self.counters:
            ask_documents = tr("kiosk.procedure_documents_ask", language,
                               counters=", ".join(str(number) for number in self.counters))
        else:
            ask_documents = tr("kiosk.procedure_documents_ask_staff", language)
        self.documents.setText("\n".join(f"•  {item}" for item in procedure.documents)
                               or ask_documents)
        self.steps.setText("\n".join(f"{number}. {step}" for number, step
                                     in enumerate(procedure.steps, start=1)) or unknown)
        self.legal_title.setText(tr("kiosk.procedure_legal_basis", language))
        self.legal.setText("\n".join(f"•  {item}" for item in procedure.legal_basis) or unknown)
        self.source.setText(f"{tr('kiosk.procedure_source', language)}: "
                            f"{source_text(procedure.source)}" if procedure.source else "")
        self.source.setVisible(bool(procedure.source))
        self.take.setVisible(self.service is not None)
        self.no_service.setVisible(self.service is None)
        if self.service is not None:
            self.take.setText(tr("kiosk.take_number_for", language,
                                 service=service_name(self.service, language)))

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        side = round(font_px * 5.5)
        self.qr.setFixedSize(side, side)

    def _on_take_clicked(self) -> None:
        if self.service is not None:
            self.take_number_clicked.emit(self.service.code)
