"""The course site's parts that need no built site: live widgets, the dashboard notebook, the
course guide, the Arabic stemmer, the data zip, text from the data, publishing a folder.

Split from ``test_site.py`` (whose module fixture renders and builds a whole fixture course) so
that these tests neither wait for that build nor lengthen the file that runs it. Only the two
live-widget tests start a kernel (marked ``slow``); the others are unit tests that
``make test-fast`` runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest
from conftest import KERNEL, ROOT
from test_site import COURSE, LIVE_NB

# ----------------------------------------------------------------------- live widgets


@pytest.mark.slow  # a kernel
def test_live_widgets_false_under_papermill(tmp_path):
    import papermill as pm

    nb = pm.execute_notebook(
        str(LIVE_NB),
        str(tmp_path / "live.ipynb"),
        kernel_name=KERNEL,
        progress_bar=False,
        log_output=False,
    )
    out = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "LIVE False" in out


@pytest.mark.slow  # a kernel
def test_live_widgets_true_under_voila(tmp_path):
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from gulfsec.site.dashboard import voila_command, voila_env

    env = voila_env()
    env.pop("GULFSEC_WIDGETS", None)
    nb = tmp_path / "live.ipynb"
    shutil.copy(LIVE_NB, nb)
    proc = subprocess.Popen(
        voila_command(nb, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    try:
        body = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as r:
                    body = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "LIVE True" in body, body[-2000:]
        assert "cdn.jsdelivr" not in body and "https://" not in body.split("<body")[0]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_dashboard_notebook_is_language_filtered_and_parameterised():
    from gulfsec.site.dashboard import dashboard_notebook, resolve_notebook

    nb = dashboard_notebook(COURSE / "00_intro.ipynb", "ar")
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert "lang-en" not in tags and "solution" not in tags
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'lang = "ar"' in injected[0].source
    assert "direction: rtl" in nb.cells[0].source
    assert resolve_notebook("01", COURSE).name == "01_balance.ipynb"
    with pytest.raises(ValueError, match="no notebook '07'"):
        resolve_notebook("07", COURSE)


# ----------------------------------------------------------------------- units


def test_course_guide_lists_the_real_notebooks_in_order():
    from gulfsec.site.course import read_guide

    chapters = read_guide(ROOT / "notebooks" / "README.md")
    names = [c.notebook for c in chapters]
    assert names[0] == "00_reading_the_article.ipynb"
    assert names == sorted(names)
    assert all((ROOT / "notebooks" / n).is_file() for n in names)


def test_arabic_stemmer_matches_forms():
    from gulfsec.site.search_ar import SearchArabic, stem

    assert stem("القوى") == stem("بالقوى") == stem("والقوى") == stem("قوى")
    assert stem("التهديدات") == stem("تهديد")
    assert stem("مُرمَّزًا") == stem("مرمزا")
    assert stem("Power") == "power"
    lang = SearchArabic({})
    assert lang.split("المُرمَّزة، code_x") == ["المرمزة", "code_x"]
    assert not lang.word_filter("في") and lang.word_filter("توازن")


def test_data_zip_publishes_only_declared_files(tmp_path):
    import zipfile

    from gulfsec.site.course import CourseError
    from gulfsec.site.publish import data_zip

    d = tmp_path / "data"
    d.mkdir()
    (d / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (d / "undeclared.csv").write_text("y\n", encoding="utf-8")
    (d / "CODEBOOK.md").write_text("# codebook\n", encoding="utf-8")
    (d / "REVIEW.md").write_text("# review record\n", encoding="utf-8")
    (d / ".env").write_text("KEY=1\n", encoding="utf-8")
    (d / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "a", "path": "a.csv"}]}), encoding="utf-8"
    )
    names = zipfile.ZipFile(__import__("io").BytesIO(data_zip(d))).namelist()
    assert names == [
        "gulfsec-data/CODEBOOK.md",
        "gulfsec-data/a.csv",
        "gulfsec-data/datapackage.json",
    ]
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n", encoding="utf-8")
    (d / "a.csv").unlink()
    (d / "a.csv").symlink_to(outside)
    with pytest.raises(CourseError, match="is a link"):
        data_zip(d)
    (d / "datapackage.json").write_text(
        json.dumps({"resources": [{"path": "../outside.csv"}]}), encoding="utf-8"
    )
    with pytest.raises(CourseError, match="leads out of"):
        data_zip(d)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![i](../../etc/passwd)",
        "{download}`a <../../s.txt>`",
        "$\\href{javascript:1}{y}$",
        "<iframe src='file:///etc/passwd'>",
        "```{raw} html\n<b>x</b>\n```",
        ":::{note}\nx\n:::",
        "**bold** _it_ `code` a | b",
        "<https://example.org>",
    ],
)
def test_md_text_leaves_only_text(text):
    from markdown_it import MarkdownIt

    from gulfsec.site.pages import md_text

    escaped = md_text(text)
    tokens = MarkdownIt("commonmark").parse(escaped)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text"}, kinds
    shown = "".join(c.content for t in tokens for c in t.children or [])
    assert shown == " ".join(text.split())


def test_publishing_prunes_stale_files_and_replaces_links(tmp_path):
    from gulfsec.site.publish import publish_tree

    built_dir, dest = tmp_path / "built", tmp_path / "dest"
    (built_dir / "_images").mkdir(parents=True)
    (built_dir / "a.html").write_text("new", encoding="utf-8")
    (built_dir / "_images" / "keep.png").write_bytes(b"png")
    (dest / "_images" / "old").mkdir(parents=True)
    (dest / "a.html").write_text("", encoding="utf-8")  # a 0-byte page (a full disk)
    (dest / "_images" / "solution.png").write_bytes(b"leaked")
    (dest / "_images" / "old" / "x.txt").write_text("x", encoding="utf-8")
    target = tmp_path / "elsewhere.png"
    target.write_bytes(b"do not touch")
    (dest / "_images" / "keep.png").symlink_to(target)
    digest = publish_tree(built_dir, dest)
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*"))
    assert files == ["_images", "_images/keep.png", "a.html"]
    assert (dest / "a.html").read_text() == "new" and not (dest / "_images/keep.png").is_symlink()
    assert target.read_bytes() == b"do not touch"
    assert sorted(digest) == ["_images/keep.png", "a.html"]


def test_the_course_guide_publishes_and_serves_the_student_folder_only():
    guide = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    assert "python -m http.server --bind 127.0.0.1 -d site/public" in guide
    assert "--exclude" not in guide  # nothing to exclude by hand


def test_the_old_layout_is_removed(tmp_path):
    """What older builds wrote beside the books (``<lang>/jupyter_execute``: the executed
    instructor notebooks) goes; a folder holding anything else is left alone."""
    from gulfsec.site.build import _remove_old_layout

    for name in ("student", "instructor", "jupyter_execute"):
        (tmp_path / "en" / name).mkdir(parents=True)
    (tmp_path / "en" / "jupyter_execute" / "00.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "ar" / "student").mkdir(parents=True)
    (tmp_path / "ar" / "mine.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="en/student/index.html">', encoding="utf-8")
    said: list[str] = []
    _remove_old_layout(tmp_path, said.append)
    assert not (tmp_path / "en").exists() and not (tmp_path / "index.html").exists()
    assert (tmp_path / "ar" / "mine.txt").is_file() and (tmp_path / "ar" / "student").is_dir()
    assert len(said) == 1


def test_a_review_line_is_a_leak_only_whole(tmp_path):
    # The review record states results the notebooks print for students (a table's rows, a
    # count of comparisons): its lines' first words on a student page are no leak (the real
    # course's `make site` refused its English student book for two such lines); a line of the
    # record is.
    from gulfsec.site.audit import find_leaks, private_snippets

    review = tmp_path / "REVIEW.md"
    review.write_text(
        "Every coded row has a twin (threat_criteria 5, threat_scores 100, threat_exposure 32,\n"
        "4 of 10 era-dyad comparisons with data (was 5 of 12); the two lost are the 1990s\n",
        encoding="utf-8",
    )
    book = tmp_path / "book"
    book.mkdir()
    (book / "page.html").write_text(
        "<p>{'threat_criteria': 5, 'threat_scores': 100, 'threat_exposure': 32}</p>"
        "<p>4 of 10 era-dyad comparisons with data: 3 agree.</p>",
        encoding="utf-8",
    )
    private = private_snippets(review)
    assert find_leaks(book, private) == []
    line = review.read_text(encoding="utf-8").splitlines()[1]
    (book / "leak.html").write_text(f"<p>Notes: {line}</p>", encoding="utf-8")
    assert [f for f, _ in find_leaks(book, private)] == ["leak.html"]
