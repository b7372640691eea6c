"""System checks for what the PDF needs from the machine rather than from Python."""

import shutil
import subprocess

from django.core.checks import Warning, register

CJK_FONT_PACKAGE = "fonts-noto-cjk"


def installed_cjk_fonts() -> list[str]:
    """Font families fontconfig offers for Chinese; empty when none (or when fontconfig is missing)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False)
    return [line for line in result.stdout.splitlines() if line.strip()]


@register()
def cjk_font_check(app_configs, **kwargs):
    if installed_cjk_fonts():
        return []
    return [
        Warning(
            "没有找到中文字体，PDF 中的汉字将无法正确显示。",
            hint=f"请安装 Debian 软件包 {CJK_FONT_PACKAGE}（apt-get install {CJK_FONT_PACKAGE}），"
            "或运行 scripts/bootstrap.sh。",
            id="reports.W001",
        )
    ]
