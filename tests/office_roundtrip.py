"""Forms through a real spreadsheet program: LibreOffice Calc opens and saves filled templates.

Run by ``python3 dev.py office`` (in CI), not collected by pytest: it needs ``soffice``. For every unit
group of Bình Thuận 2019, in Vietnamese and English, the template is filled with an example form (as
a clerk would, with openpyxl), opened and saved again by LibreOffice (``soffice --headless
--convert-to xlsx``), and read back: the form saved by the spreadsheet program must score exactly as
the same answers given as JSON, and the saved template must keep its drop-downs, its sheet protection
and the machine key the reader relies on. Prints one line per form; exits 1 on any difference.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from filling import Sheet, fill, first

import itcriteria

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"


def through_calc(path: Path, out: Path) -> Path:
    """``path`` opened and saved again as xlsx by LibreOffice Calc."""
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / path.name


def kept(original: Path, saved: Path) -> list[str]:
    """What the spreadsheet program dropped from the workbook (validations, protection, key names)."""
    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(saved)
    lost = []
    for sheet, again in zip(before.worksheets, after.worksheets, strict=True):
        if len(again.data_validations.dataValidation) < len(sheet.data_validations.dataValidation):
            lost.append(f"{sheet.title}: drop-downs")
        if sheet.protection.sheet and not again.protection.sheet:
            lost.append(f"{sheet.title}: protection")
    missing = set(before.defined_names) - set(after.defined_names)
    return lost + [f"defined name {name}" for name in sorted(missing)]


def main() -> int:
    regime = itcriteria.get_regime("binhthuan-2019")
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    failures = 0
    with tempfile.TemporaryDirectory() as name:
        folder, out = Path(name), Path(name) / "calc"
        out.mkdir()
        for lang in ("vi", "en"):
            for form in forms:
                group = form["unit"]["group"]
                template = itcriteria.write_template(
                    regime, folder / f"{group}-{lang}.xlsx", group=group, lang=lang
                )
                path = folder / f"{form['unit']['id']}-{lang}.xlsx"
                shutil.copy(template, path)
                sheet = Sheet(path)
                fill(sheet, regime, form, lang, first, fixed=True)
                saved = through_calc(sheet.save(), out)
                read = itcriteria.read_form(saved, regime)
                expected = regime.score_all([form])[0]
                got = regime.score_all([read])[0]
                same = dict(got.scores) == dict(expected.scores) and got.total == expected.total
                dropped = kept(path, saved)
                failures += not same or bool(dropped)
                verdict = "same score" if same else f"DIFFERENT: {got.total} != {expected.total}"
                extra = f"; dropped {', '.join(dropped)}" if dropped else ""
                print(f"  {lang} {form['unit']['id']:<18} saved by Calc: {verdict}{extra}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
