"""The fault matrix (issue 5): every bad input gets a clear answer, nothing extracted is lost.

One test per row. Each test builds its own input (fpdf2 for PDFs, bytes for text), and
runs the real CLI as a subprocess where the exit code is the point, asserting the exact
status, the message prefix and the exit code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin_extract import pipeline
from bulletin_extract.errors import ProcessingTimeout, UsageError
from bulletin_extract.limits import run_with_timeout, time_limit
from bulletin_extract.models import Project
from bulletin_extract.pipeline import extract

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
ERROR = "bulletin-extract: error: "

BULLETIN = (
    "Проектът „Зелени клъстери“ по програма Хоризонт 2020 е на стойност 250 000 лв.\n\n"
    "Срещата се проведе на 12 март 2021 г. в София с 25 участници от 7 държави.\n"
)


# ------------------------------------------------------------------ helpers


def cli(*args: str, cwd: Path, timeout: float = 120, ghostscript: bool = True) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess; ghostscript=False hides Ghostscript (an empty PATH), as on a bare machine."""
    env = None if ghostscript else {**os.environ, "PATH": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "bulletin_extract.cli", *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env,
    )


HAS_GHOSTSCRIPT = shutil.which("gs") is not None


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line on stderr (no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR), lines[0]
    return lines[0][len(ERROR):]


def make_pdf(pages: list[str], *, user_password: str | None = None, font: str = FONT) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("body", "", font)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    for text in pages:
        pdf.add_page()
        pdf.set_font("body", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def without_to_unicode(pdf: bytes, font_name: str) -> bytes:
    """Blank the /ToUnicode entry of one Type0 font; same length, so xref offsets hold."""
    m = re.search(
        rb"/BaseFont /\w+\+" + font_name.encode() + rb"\w*\s*/DescendantFonts \[\d+ 0 R\]\s*"
        rb"/Encoding /Identity-H\s*/Subtype /Type0\s*(/ToUnicode \d+ 0 R)",
        pdf,
    )
    assert m, "fpdf2 font dictionary layout changed"
    a, b = m.span(1)
    return pdf[:a] + b" " * (b - a) + pdf[b:]


# ------------------------------------------------------------------ usage errors: exit 2


@pytest.mark.parametrize(
    ("setup", "arg", "prefix"),
    [
        (None, "missing.pdf", "missing.pdf: no such file"),
        ("dir", "folder", "folder: is a directory"),
        ("file", "bulletin.xlsx", "bulletin.xlsx: unsupported file type '.xlsx'"),
    ],
)
def test_unusable_path_is_a_usage_error(tmp_path: Path, setup: str | None, arg: str, prefix: str) -> None:
    if setup == "dir":
        (tmp_path / arg).mkdir()
    elif setup == "file":
        write(tmp_path, arg, BULLETIN)
    result = cli(arg, "--no-ner", cwd=tmp_path)
    assert result.returncode == 2
    assert error_line(result).startswith(prefix)
    assert result.stdout == ""


# ------------------------------------------------------------------ empty input: exit 0


@pytest.mark.parametrize(("name", "data"), [("empty.txt", b""), ("blank.txt", b"  \n\n\t \r\n  \n")])
def test_empty_document_is_valid_json_with_a_warning(tmp_path: Path, name: str, data: bytes) -> None:
    write(tmp_path, name, data)
    result = cli(name, "--no-ner", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 0
    bulletin = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert (bulletin["projects"], bulletin["events"], bulletin["mentions"]) == ([], [], [])
    assert [w["code"] for w in bulletin["warnings"]] == ["empty_document"]
    assert result.stderr.startswith(f"bulletin-extract: warning: {name}: no text found")


# ------------------------------------------------------------------ damaged PDFs: exit 1


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_random_bytes_named_pdf_is_one_line_error(tmp_path: Path, engine: str) -> None:
    write(tmp_path, "noise.pdf", bytes((i * 7919 + 13) % 256 for i in range(4096)))
    result = cli("noise.pdf", "--no-ner", "--pdf-engine", engine, cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result).startswith("noise.pdf: not a readable PDF: ")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_truncated_pdf_without_ghostscript_is_one_line_error(tmp_path: Path, engine: str) -> None:
    pdf = make_pdf([BULLETIN])
    write(tmp_path, "cut.pdf", pdf[: len(pdf) // 2])
    result = cli("cut.pdf", "--no-ner", "--pdf-engine", engine, cwd=tmp_path, ghostscript=False)
    assert result.returncode == 1
    assert error_line(result).startswith("cut.pdf: not a readable PDF: ")


@pytest.mark.skipif(not HAS_GHOSTSCRIPT, reason="Ghostscript not installed")
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_cut_in_its_last_object_is_repaired_by_ghostscript_with_a_warning(tmp_path: Path, engine: str) -> None:
    pdf = make_pdf([BULLETIN])
    write(tmp_path, "cut.pdf", pdf[: pdf.rindex(b"endobj")])
    result = cli("cut.pdf", "--no-ner", "--pdf-engine", engine, "--include-text", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "250 000 лв." in json.loads(result.stdout)["text"]
    assert [w["code"] for w in json.loads(result.stdout)["warnings"]] == ["repaired_pdf"]
    assert "cut.pdf: damaged PDF, read from a copy repaired by Ghostscript" in result.stderr


@pytest.mark.skipif(not HAS_GHOSTSCRIPT, reason="Ghostscript not installed")
def test_truncated_pdf_whose_fonts_are_lost_says_it_was_repaired(tmp_path: Path) -> None:
    pdf = make_pdf([BULLETIN])
    write(tmp_path, "cut.pdf", pdf[: len(pdf) // 2])
    result = cli("cut.pdf", "--no-ner", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result).endswith("(damaged PDF, after a Ghostscript repair)")


def broken_xref_pdf() -> bytes:
    """A valid PDF whose xref table points every object 7 bytes too far."""
    pdf = make_pdf([BULLETIN])
    xref = pdf.rindex(b"\nxref\n") + 1
    table = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), pdf[xref:])
    assert table != pdf[xref:]
    return pdf[:xref] + table


@pytest.mark.parametrize("engine", ["auto", "pdfium"])
def test_broken_xref_is_repaired_by_pdfium(tmp_path: Path, engine: str) -> None:
    """pdfium rebuilds a wrong xref table by scanning the objects: the text survives."""
    write(tmp_path, "xref.pdf", broken_xref_pdf())
    result = cli("xref.pdf", "--no-ner", "--pdf-engine", engine, "--include-text", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "250 000 лв." in json.loads(result.stdout)["text"]


def test_broken_xref_with_pdfplumber_without_ghostscript_is_one_line_error(tmp_path: Path) -> None:
    """pdfminer trusts a well-formed table and finds no pages; nothing can repair it."""
    write(tmp_path, "xref.pdf", broken_xref_pdf())
    result = cli("xref.pdf", "--no-ner", "--pdf-engine", "pdfplumber", cwd=tmp_path, ghostscript=False)
    assert result.returncode == 1
    assert error_line(result).startswith("xref.pdf: not a readable PDF: ")


def test_xref_pointing_nowhere_and_no_objects_is_one_line_error(tmp_path: Path) -> None:
    write(tmp_path, "hollow.pdf", b"%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer<</Size 1>>\n%%EOF\n")
    result = cli("hollow.pdf", "--no-ner", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result).startswith("hollow.pdf: not a readable PDF: ")


# ------------------------------------------------------------------ encrypted


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_encrypted_pdf_needs_password(tmp_path: Path, engine: str) -> None:
    write(tmp_path, "locked.pdf", make_pdf([BULLETIN], user_password="secret"))
    result = cli("locked.pdf", "--no-ner", "--pdf-engine", engine, cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result) == "locked.pdf: encrypted PDF (use --password)"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_wrong_password_is_still_encrypted_error(tmp_path: Path, engine: str) -> None:
    write(tmp_path, "locked.pdf", make_pdf([BULLETIN], user_password="secret"))
    result = cli("locked.pdf", "--no-ner", "--pdf-engine", engine, "--password", "guess", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result).startswith("locked.pdf: encrypted PDF")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_password_option_opens_encrypted_pdf(tmp_path: Path, engine: str) -> None:
    write(tmp_path, "locked.pdf", make_pdf([BULLETIN], user_password="secret"))
    result = cli("locked.pdf", "--no-ner", "--pdf-engine", engine, "--password", "secret", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    amounts = [m["value"]["amount"] for m in json.loads(result.stdout)["mentions"] if m["kind"] == "money"]
    assert amounts == [250000.0]


# ------------------------------------------------------------------ scanned


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_scanned_pdf_has_no_text_layer(tmp_path: Path, engine: str) -> None:
    from fpdf import FPDF
    from PIL import Image

    scan = tmp_path / "scan.png"
    Image.new("L", (200, 280), 255).save(scan)
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(str(scan), x=10, y=10, w=190)
    write(tmp_path, "scanned.pdf", bytes(pdf.output()))
    result = cli("scanned.pdf", "--no-ner", "--pdf-engine", engine, "--ocr", "never", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result) == "scanned.pdf: no text layer (scanned?), 3 pages"


# ------------------------------------------------------------------ glyphs without unicode map


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_cid_glyph_page_is_warned_and_not_emitted(tmp_path: Path, engine: str) -> None:
    """Page 2 is set in a Type0/Identity-H font whose ToUnicode map was removed."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("sans", "", FONT)
    pdf.add_font("serif", "", FONT_SERIF)
    pdf.add_page()
    pdf.set_font("sans", size=11)
    pdf.multi_cell(0, 6, "Срещата се проведе на 12 март 2021 г. в София.")
    pdf.add_page()
    pdf.set_font("serif", size=11)
    pdf.multi_cell(0, 6, "Скрит текст на 5 май 2022 г.")
    write(tmp_path, "cid.pdf", without_to_unicode(bytes(pdf.output()), "DejaVuSerif"))
    result = cli("cid.pdf", "--no-ner", "--pdf-engine", engine, "--include-text", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    bulletin = json.loads(result.stdout)
    assert bulletin["text"] == "Срещата се проведе на 12 март 2021 г. в София."
    assert [(w["code"], w["page"]) for w in bulletin["warnings"]] == [("cid_glyphs", 2)]
    assert result.stderr == "bulletin-extract: warning: cid.pdf: glyphs without a unicode map dropped on pages 2\n"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_whose_glyphs_are_mostly_unmapped_is_a_garbled_layer(tmp_path: Path, engine: str) -> None:
    """A short mapped title, then pages of text whose font lost its ToUnicode map."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("sans", "", FONT)
    pdf.add_font("serif", "", FONT_SERIF)
    pdf.add_page()
    pdf.set_font("sans", size=11)
    pdf.multi_cell(0, 6, "Бюлетин", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", size=11)
    pdf.multi_cell(0, 6, "Общината подписа договор за 250 000 лв. с фирма от Русе. " * 12)
    write(tmp_path, "mostly-cid.pdf", without_to_unicode(bytes(pdf.output()), "DejaVuSerif"))
    result = cli("mostly-cid.pdf", "--no-ner", "--ocr", "never", "--pdf-engine", engine, cwd=tmp_path)
    assert result.returncode == 1
    assert "glyphs have no unicode map" in error_line(result)


def test_pdf_with_only_cid_glyphs_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "cid.pdf", without_to_unicode(make_pdf([BULLETIN]), "DejaVuSans"))
    result = cli("cid.pdf", "--no-ner", "--ocr", "never", cwd=tmp_path)  # --ocr auto reads it by OCR
    assert result.returncode == 1
    assert error_line(result) == "cid.pdf: only glyphs without a unicode map, 1 pages"


# ------------------------------------------------------------------ encodings


ENCODED = (
    "Клъстерът организира среща на 12 март 2021 г. в град Пловдив. Бюджетът на проекта е "
    "250 000 лв., а партньорите са от седем държави. Участниците обсъдиха иновациите.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ENCODED.encode("cp1251"), "cp1251"),
        (ENCODED.encode("koi8_r"), "koi8_r"),
        (ENCODED.encode("utf-16"), "utf-16"),  # Python writes the BOM
        ("\ufeff".encode() + ENCODED.encode("utf-8"), "utf-8-sig"),
    ],
)
def test_legacy_encodings_are_decoded_and_recorded(tmp_path: Path, data: bytes, encoding: str) -> None:
    bulletin = extract(write(tmp_path, "legacy.txt", data), use_ner=False, include_text=True)
    assert bulletin.source.encoding == encoding
    assert bulletin.text == ENCODED.strip()
    assert [m.text for m in bulletin.mentions if m.kind == "money"] == ["250 000 лв."]


def test_damaged_text_after_bom_is_one_line_error(tmp_path: Path) -> None:
    """A UTF-16 file cut in the middle of a character (found by `make fuzz`)."""
    write(tmp_path, "cut.txt", ENCODED.encode("utf-16") + b"\x00")
    result = cli("cut.txt", "--no-ner", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result).startswith("cut.txt: invalid utf-16 text after its byte-order mark")


# ------------------------------------------------------------------ mixed-script codes


def test_mixed_script_code_is_normalised_to_latin_and_keeps_original_text(tmp_path: Path) -> None:
    # В (U+0412) first and С (U+0421) in the last part are Cyrillic look-alikes
    text = "Проектът е по договор ВG16RFOP002-2.009-С05 и приключи успешно.\n"
    bulletin = extract(write(tmp_path, "codes.txt", text), use_ner=False, include_text=True)
    codes = [m for m in bulletin.mentions if m.kind == "programme_code"]
    assert len(codes) == 1
    assert codes[0].text == "ВG16RFOP002-2.009-С05"
    assert codes[0].value.code == "BG16RFOP002-2.009-C05"  # type: ignore[union-attr]
    assert codes[0].value.code.isascii()  # type: ignore[union-attr]
    assert bulletin.text is not None and bulletin.text[codes[0].start : codes[0].end] == codes[0].text


# ------------------------------------------------------------------ long documents


def long_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("body", "", FONT)
    pdf.set_font("body", size=10)
    months = ["март", "април", "май"]
    for i in range(pages):
        pdf.add_page()
        pdf.set_y(40 + (i % 7) * 20)  # not at a fixed place, or it reads as a running header
        pdf.multi_cell(0, 5, f"Раздел {i + 1}. Участниците в клъстера обсъдиха плановете за развитие "
                             f"на сектора през {months[i % 3]} {2000 + i % 25} г.")
    return bytes(pdf.output())


PROSE = (
    "Участниците в клъстера обсъдиха плановете за развитие на сектора и договориха нови срещи "
    "с партньорите от региона, като подчертаха значението на иновациите и обучението.\n\n"
)


def peak_rss_mb(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI in a child; peak RSS of the largest child so far (Linux: KiB)."""
    code = (
        "import resource, subprocess, sys, json;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(json.dumps([r.returncode, r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "bulletin_extract.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )
    rc, stderr, kib = json.loads(probe.stdout)
    return subprocess.CompletedProcess(args, rc, "", stderr), kib / 1024


@pytest.mark.slow
def test_500_page_pdf_is_processed_with_bounded_memory(tmp_path: Path) -> None:
    write(tmp_path, "long.pdf", long_pdf(500))
    result, mb = peak_rss_mb(["long.pdf", "--no-ner", "-o", "out.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    bulletin = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert bulletin["source"]["pages"] == 500
    dates = [m for m in bulletin["mentions"] if m["kind"] == "date"]
    assert len(dates) == 500 and dates[-1]["page"] == 500
    assert mb < 1500, f"peak RSS {mb:.0f} MB"


@pytest.mark.slow
def test_5_mb_text_is_processed_with_bounded_memory(tmp_path: Path) -> None:
    block = PROSE * 50 + "Срещата се проведе на 12 март 2021 г. с бюджет 250 000 лв.\n\n"
    copies = 5_000_000 // len(block.encode())
    write(tmp_path, "long.txt", block * copies)
    result, mb = peak_rss_mb(["long.txt", "--no-ner", "-o", "out.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    mentions = json.loads((tmp_path / "out.json").read_text("utf-8"))["mentions"]
    assert sum(m["kind"] == "money" for m in mentions) == copies
    assert mb < 1500, f"peak RSS {mb:.0f} MB"


# ------------------------------------------------------------------ timeout


def test_long_pdf_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    write(tmp_path, "long.pdf", long_pdf(300))
    started = time.monotonic()
    result = cli("long.pdf", "--no-ner", "--timeout", "0.3", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 1
    assert error_line(result) == "long.pdf: stopped after 0.3 s (timeout)"
    assert not (tmp_path / "out.json").exists()
    assert time.monotonic() - started < 60


def test_timeout_must_be_positive(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BULLETIN)
    result = cli("a.txt", "--no-ner", "--timeout", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert error_line(result).startswith("--timeout must be a positive number of seconds")


def _sleep_in_c(seconds: float) -> str:
    time.sleep(seconds)  # stands in for a parser stuck in C code
    return "finished"


def test_run_with_timeout_kills_a_stuck_child() -> None:
    started = time.monotonic()
    with pytest.raises(ProcessingTimeout, match=r"^x\.pdf: stopped after 0\.5 s \(timeout\)$"):
        run_with_timeout(_sleep_in_c, 30, seconds=0.5, label="x.pdf")
    assert time.monotonic() - started < 10


def test_run_with_timeout_returns_result_and_reraises_errors() -> None:
    assert run_with_timeout(_sleep_in_c, 0, seconds=30, label="x") == "finished"
    with pytest.raises(UsageError, match="no such file"):
        run_with_timeout(extract, "/nonexistent/a.txt", seconds=30, label="x")


def test_time_limit_stops_python_loop() -> None:
    with pytest.raises(ProcessingTimeout, match=r"^loop: stopped after 0\.2 s \(timeout\)$"), \
            time_limit(0.2, "loop"):
        while True:
            pass


# ------------------------------------------------------------------ hostile text


def test_long_lines_control_chars_nul_and_rtl_keep_offsets(tmp_path: Path) -> None:
    line = "дума " * 40_000  # one 200 000-character line
    text = (
        f"{line}\n\nНа 12 март 2021 г.\x00 бюджет\x07 250 000 лв.\u200f\u202e и\x1b[31m 3 партньори.\n\n"
        "\u202bПроект BG16RFOP002-2.009-C05\u202c\n"
    )
    bulletin = extract(write(tmp_path, "hostile.txt", text), use_ner=False, include_text=True)
    assert bulletin.text is not None
    for m in bulletin.mentions:
        assert bulletin.text[m.start : m.end] == m.text
    kinds = {m.kind: m.text for m in bulletin.mentions}
    assert kinds["date"] == "12 март 2021 г."
    assert kinds["money"] == "250 000 лв."
    assert kinds["programme_code"] == "BG16RFOP002-2.009-C05"


# ------------------------------------------------------------------ output path


@pytest.mark.parametrize(("target", "prefix"), [("missing/out.json", "missing/out.json: output folder ")])
def test_output_in_missing_folder_fails_before_work(tmp_path: Path, target: str, prefix: str) -> None:
    # the input does not exist either: the output check must come first
    result = cli("not-yet-read.pdf", "-o", target, cwd=tmp_path)
    assert result.returncode == 2
    line = error_line(result)
    assert line.startswith(prefix) and line.endswith("does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_output_in_read_only_folder_fails_before_work(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("not-yet-read.pdf", "-o", "locked/out.json", cwd=tmp_path)
    finally:
        locked.chmod(0o700)
    assert result.returncode == 2
    assert error_line(result).endswith("is not writable")


def test_output_not_writable_fails_before_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs as root too: os.access is made to say no, as it would for another user."""
    from click.testing import CliRunner

    from bulletin_extract import cli as cli_module

    real_access = os.access
    monkeypatch.setattr(cli_module.os, "access", lambda path, mode: mode != os.W_OK and real_access(path, mode))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locked").mkdir()
    result = CliRunner().invoke(cli_module.main, ["not-yet-read.pdf", "-o", "locked/out.json"])
    assert result.exit_code == 2
    assert result.stderr == f"bulletin-extract: error: locked/out.json: output folder {tmp_path / 'locked'} is not writable\n"


# ------------------------------------------------------------------ Ctrl-C


@pytest.mark.slow
def test_ctrl_c_leaves_no_output_and_exits_130(tmp_path: Path) -> None:
    write(tmp_path, "long.txt", PROSE * 30_000)  # about 9 MB: far longer than the wait below
    proc = subprocess.Popen(
        [sys.executable, "-m", "bulletin_extract.cli", "long.txt", "--no-ner", "-o", "out.json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(4)
    assert proc.poll() is None, "finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip() == "bulletin-extract: error: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.txt"]


@pytest.mark.slow
def test_ctrl_c_with_timeout_kills_the_worker_too(tmp_path: Path) -> None:
    write(tmp_path, "long.txt", PROSE * 30_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bulletin_extract.cli", "long.txt", "--no-ner", "--timeout", "600",
         "-o", "out.json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip() == "bulletin-extract: error: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.txt"]


# ------------------------------------------------------------------ validation


def test_invalid_record_is_dropped_with_warning_and_rest_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.assemble_records

    def with_a_bad_project(*args, **kwargs):  # type: ignore[no-untyped-def]
        records = real(*args, **kwargs)
        good = Project(title="Добър проект", start=0, end_offset=10, partners=3)
        bad = Project(title="Лош проект", start=0, end_offset=10)
        bad.partners = -2  # no validate_assignment: only the final validation sees it
        records.projects[:0] = [good, bad]
        return records

    monkeypatch.setattr(pipeline, "assemble_records", with_a_bad_project)
    bulletin = extract(write(tmp_path, "a.txt", BULLETIN), use_ner=False)
    assert [p.title for p in bulletin.projects][:1] == ["Добър проект"]
    assert "Лош проект" not in [p.title for p in bulletin.projects]
    invalid = [w for w in bulletin.warnings if w.code == "invalid_record"]
    assert [w.message for w in invalid] == [
        "projects[1] dropped: field 'partners': Input should be greater than or equal to 0"
    ]
    assert [m.text for m in bulletin.mentions if m.kind == "money"] == ["250 000 лв."]
