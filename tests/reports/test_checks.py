from reports import checks


def test_missing_cjk_font_warns_and_names_the_package(monkeypatch):
    monkeypatch.setattr(checks, "installed_cjk_fonts", lambda: [])
    [warning] = checks.cjk_font_check(None)
    assert warning.id == "reports.W001"
    assert "fonts-noto-cjk" in warning.hint


def test_installed_cjk_font_passes_the_check(monkeypatch):
    monkeypatch.setattr(checks, "installed_cjk_fonts", lambda: ["Noto Serif CJK SC"])
    assert checks.cjk_font_check(None) == []


def test_this_machine_has_the_cjk_fonts_the_pdf_uses():
    families = ",".join(checks.installed_cjk_fonts())
    assert "Noto Serif CJK SC" in families
    assert "Noto Sans CJK SC" in families
