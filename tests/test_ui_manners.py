"""Desktop manners: icons, palettes, the About box, copying, late and failed services."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.app import open_services
from ijref.ui.about import about_html
from ijref.ui.icons import icon, icon_path
from ijref.ui.main_window import MainWindow
from ijref.ui.search_controller import SearchController
from ijref.ui.theme import apply_theme

MOU = "agreement/isro-jaxa-mou-2016"


@pytest.mark.parametrize(
    "name",
    ["agreement", "programme", "event", "organization", "sector", "back", "forward", "app"],
)
def test_icons_are_svg_and_sharp_at_any_size(qtbot, name: str) -> None:
    assert icon_path(name).suffix == ".svg"
    small = icon(name).pixmap(16, 16)
    large = icon(name).pixmap(256, 256)
    assert not small.isNull()
    assert large.width() == 256  # drawn at that size, not scaled up from a bitmap


def test_dark_scheme_gets_a_dark_palette_and_light_gets_the_style_one(qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        apply_theme(app, Qt.ColorScheme.Dark)
        assert app.palette().color(QPalette.ColorRole.Base).lightness() < 60
        assert app.palette().color(QPalette.ColorRole.Text).lightness() > 200
        apply_theme(app, Qt.ColorScheme.Light)
        assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200
    finally:
        app.setPalette(before)


def test_about_names_versions_data_and_sources(outline) -> None:
    text = about_html(outline)
    assert "ijref 0." in text
    assert "PySide6 6." in text and "Qt 6." in text and "Python 3." in text
    assert outline.data_version in text
    assert "India-Japan Cooperation in the field of Science &amp; Technology" in text
    assert "Sources (1), each with its date" in text and "Dec 2020" in text


def test_copy_id_and_citation(qtbot, outline, settings, build_root) -> None:
    w = MainWindow(outline, settings)
    qtbot.addWidget(w)
    services = open_services(build_root)
    with qtbot.waitSignal(w.servicesReady) as ready:
        w.set_services(services)
    assert ready.args == [services]
    w.show_record(MOU)
    w.copy_id_action.trigger()
    assert QGuiApplication.clipboard().text() == MOU
    w.copy_citation_action.trigger()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].endswith(f"[{MOU}]")
    assert copied[1].endswith("para. 59")
    services.close()


def test_failed_services_say_what_to_do(qtbot, outline, settings) -> None:
    w = MainWindow(outline, settings)
    qtbot.addWidget(w)
    w.services_failed("the catalog cannot be read; run `ijref build` again")
    assert "run `ijref build` again" in w.statusBar().currentMessage()


def test_a_query_typed_before_the_index_opens_runs_when_it_does(qtbot, build_root) -> None:
    services = open_services(build_root)
    controller = SearchController(delay_ms=0)
    controller.request("JAXA")
    assert not controller.ready
    with qtbot.waitSignal(controller.resultsReady, timeout=5000) as blocker:
        assert services.search is not None
        controller.set_service(services.search)
    assert MOU in [h.id for h in blocker.args[2].hits]
    controller.wait_for_idle()
    services.close()
