"""Figures tested on their artists: titles, labels, marks, text direction, overlap, no raw TeX.

As seaborn's own tests do, a figure is checked through the matplotlib objects it is made of
(``ax.texts``, ``ax.collections``, tick labels, window extents after a draw on the Agg
canvas), not through its pixels. :data:`FIGURES` builds every figure of the default reports of
notebooks 00 to 04 the way the notebooks do, with the default parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from gulfsec.plotting import CB_PALETTE

ARABIC = re.compile(r"[\u0600-\u06FF]")
LANGS = ("en", "ar")


def _milex(ds, lang):
    from gulfsec import power
    from gulfsec.plotting import power as power_plots

    nmc = __import__("gulfsec").load_external().cow_nmc
    system = power.gulf_system(ds.actors)
    gcc = [a for a in system if a not in ("IRN", "IRQ")]
    milex = power.military_expenditure(nmc, system, range(1971, 2025), groups={"GCC": gcc})
    return power_plots.plot_military_expenditure(
        milex,
        ds.actors,
        lang=lang,
        buildups=power.mutual_buildups(milex, "IRN", "GCC"),
        eras=ds.balance_eras,
        source="cow_nmc.csv",
    )


def _shares_and_ratios(ds, lang, which):
    from gulfsec import power
    from gulfsec.plotting import power as power_plots

    nmc = __import__("gulfsec").load_external().cow_nmc
    system = power.gulf_system(ds.actors)
    shares = power.system_shares(nmc, system, range(1971, 2025), "gulf").dropna(how="all")
    if which == "shares":
        return power_plots.plot_capability_shares(
            shares, ds.actors, lang=lang, focus=("IRN", "IRQ", "GCC"), eras=ds.balance_eras
        )
    ratios = power.gulf_ratios(shares, ds.actors)
    transitions = {d: power.power_transitions(r, 3) for d, r in ratios.items()}
    return power_plots.plot_ratios(
        ratios, ds.actors, ds.balance_eras, lang=lang, transitions=transitions, min_persistence=3
    )


def _history(ds, lang):
    from gulfsec.plotting import power as power_plots

    return power_plots.plot_history(
        ds.balance_eras, ds.events, ds.actors, lang=lang, focus=("IRN", "IRQ", "GCC")
    )


def _networks(ds, lang, which):
    from gulfsec import networks
    from gulfsec.plotting import networks as networks_plots

    G = networks.dispute_graph(ds)
    if which == "disputes":
        return networks_plots.plot_dispute_network(G, lang, seed=0, focus="IRQ")
    if which == "heatmap":
        return networks_plots.plot_issue_heatmap(G, lang)
    if which == "strength":
        return networks_plots.plot_issue_strength(G, lang)
    S = networks.signed_graph(ds)
    r = networks.frustration_index(S)
    return networks_plots.plot_signed_network(S, r, lang, seed=0, focus="IRQ")


def _threats(ds, lang, which):
    from gulfsec import threats
    from gulfsec.plotting import threats as threats_plots

    if which == "scores":
        return threats_plots.plot_scores(ds, "all", lang)
    if which == "contributions":
        return threats_plots.plot_contributions(ds, None, "arithmetic", "main", lang)
    if which == "matrix":
        return threats_plots.plot_matrix(threats.threat_matrix(ds), ds, lang)
    if which == "methods":
        return threats_plots.plot_methods(ds, None, "all", lang)
    if which == "ranks":
        unc = threats.rank_uncertainty(ds, 2000, 2024, top_k=2)
        return threats_plots.plot_rank_uncertainty(unc, ds, lang)
    ext = __import__("gulfsec").load_external()
    states = {s: threats.gw_code(ds.actors.loc[s, "cow_code"]) for s in ("YEM", "SYR", "IRQ")}
    inten = threats.conflict_intensity(ext.ucdp_acd, states, 2000, 2024)
    return threats_plots.plot_conflict_intensity(inten, ds, lang)


def _alliances(ds, lang, which):
    from gulfsec import alliances
    from gulfsec.plotting import alliances as alliances_plots

    scen = list(ds.scenarios.index)
    summary = alliances.scenario_summary(ds, "GCC", scen)
    if which == "shares":
        shares = alliances.scenario_shares(ds, "GCC", scen)
        return alliances_plots.plot_scenario_shares(ds, shares, summary, lang, actor="GCC")
    if which == "concentration":
        return alliances_plots.plot_concentration(ds, summary, lang, actor="GCC")
    if which == "curve":
        curve = alliances.commitment_curve(ds, "GCC", scen)
        return alliances_plots.plot_commitment_curve(ds, curve, lang, chosen=1.0, actor="GCC")
    contrast = alliances.network_contrast(ds)
    return alliances_plots.plot_networks(ds, contrast, alliances.network_summary(contrast), lang)


def _coverage(ds, lang):
    from gulfsec.plotting import article

    return article.citation_coverage(ds, lang)


#: Every figure of the default reports of notebooks 00-04 (05's ledger is
#: gulfsec.plotting.evidence's): name -> factory(ds, lang).
FIGURES: dict[str, Callable] = {
    "article.coverage": _coverage,
    "power.history": _history,
    "power.shares": lambda ds, lang: _shares_and_ratios(ds, lang, "shares"),
    "power.ratios": lambda ds, lang: _shares_and_ratios(ds, lang, "ratios"),
    "power.milex": _milex,
    **{
        f"networks.{w}": partial(_networks, which=w)
        for w in ("disputes", "heatmap", "strength", "signed")
    },
    **{
        f"threats.{w}": partial(_threats, which=w)
        for w in ("scores", "contributions", "matrix", "methods", "ranks", "intensity")
    },
    **{
        f"alliances.{w}": partial(_alliances, which=w)
        for w in ("shares", "concentration", "curve", "networks")
    },
}


def draw(fig):
    """Lay ``fig`` out as its Agg canvas draws it (ticks and layout are settled only then),
    without making pixels: the checks here read texts and their extents, not the image."""
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()


def visible_texts(artists):
    return [t for t in artists if t.get_visible() and t.get_text().strip()]


def overlapping(texts, renderer, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose window extents (pixels) overlap by more than ``tolerance``."""
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in visible_texts(texts)]
    pairs = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1 :]:
            w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if w > tolerance and h > tolerance:
                pairs.append((a, b))
    return pairs


def tick_labels(fig):
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            out += axis.get_ticklabels(which="both")
    return visible_texts(out)


@pytest.fixture(scope="module")
def figures(ds):
    """Every figure in both languages, drawn once for the module."""
    made = {}
    with plt.rc_context({"figure.max_open_warning": 0}):  # all 36 are kept open on purpose
        for name, factory in FIGURES.items():
            for lang in LANGS:
                fig = factory(ds, lang)
                made[name, lang] = (fig, draw(fig))
        yield made
    plt.close("all")


# --------------------------------------------------------------------------- every figure


def test_no_tex_in_any_tick_label(figures):
    """matplotlib's own tick text is plain: no ``$...$`` or ``\\mathdefault`` shown raw."""
    bad = {
        (name, lang): t.get_text()
        for (name, lang), (fig, _) in figures.items()
        for t in tick_labels(fig)
        if "$" in t.get_text() or "mathdefault" in t.get_text()
    }
    assert not bad


def test_every_figure_is_titled_and_described_in_its_language(figures):
    from gulfsec.plotting import alt_text

    for (name, lang), (fig, _) in figures.items():
        titles = [ax.get_title(loc=loc) for ax in fig.axes for loc in ("left", "center", "right")]
        sup = fig.get_suptitle()
        assert any(titles) or sup, name
        alt = alt_text(fig)
        assert bool(ARABIC.search(alt)) == (lang == "ar"), (name, lang, alt)


def test_titles_sit_on_the_reading_side(figures):
    for (name, lang), (fig, _) in figures.items():
        for ax in fig.axes:
            wrong = ax.get_title(loc="left" if lang == "ar" else "right")
            assert not wrong, (name, lang, wrong)


def test_arabic_figures_show_no_english_tick_labels(figures):
    for (name, lang), (fig, _) in figures.items():
        if lang != "ar":
            continue
        words = [t.get_text() for t in tick_labels(fig) if re.search(r"[A-Za-z]{3,}", t.get_text())]
        assert not words, (name, words)


def test_axis_labels_and_titles_do_not_overlap(figures):
    """Across all axes of a figure, titles and axis labels never cover one another."""
    for (name, lang), (fig, renderer) in figures.items():
        texts = []
        for ax in fig.axes:
            titles = {ax.get_title(loc=loc) for loc in ("left", "center", "right")} - {""}
            texts += [ax.xaxis.label, ax.yaxis.label]
            texts += [
                c for c in ax.get_children() if isinstance(c, Text) and c.get_text() in titles
            ]
        assert not overlapping(texts, renderer), (name, lang)


# --------------------------------------------------------------------------- the defects seen


@pytest.mark.parametrize("lang", LANGS)
def test_military_expenditure_decades_are_plain_text(figures, lang):
    fig, _ = figures["power.milex", lang]
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    shown = [t.get_text() for t in visible_texts(ax.get_yticklabels())]
    assert shown and all(re.fullmatch(r"10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", s) for s in shown), shown


@pytest.mark.parametrize("lang", LANGS)
def test_slope_chart_headers_and_labels_do_not_overlap(figures, lang):
    fig, renderer = figures["threats.methods", lang]
    ax = fig.axes[0]
    headers = visible_texts(ax.get_xticklabels())
    assert len(headers) == 2
    assert not overlapping(headers, renderer)
    assert not overlapping(ax.texts, renderer)
    # every row label stays inside the figure
    box = fig.bbox
    for t in ax.texts:
        e = t.get_window_extent(renderer)
        assert box.x0 - 1 <= e.x0 and e.x1 <= box.x1 + 1, t.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_commitment_curve_x_labels_do_not_overlap(figures, lang):
    fig, renderer = figures["alliances.curve", lang]
    texts = []
    for ax in fig.axes:
        texts += [ax.xaxis.label, *ax.get_xticklabels()]
    assert not overlapping(texts, renderer)


# --------------------------------------------------------------------------- seaborn figures


@pytest.mark.parametrize("lang", LANGS)
def test_score_heatmap_cells_and_direction(ds, figures, lang):
    from gulfsec import threats

    fig, _ = figures["threats.scores", lang]
    ax = fig.axes[0]
    sc = threats.score_matrix(ds, "all")
    mesh = ax.collections[0]
    assert mesh.get_array().size == sc.size  # one cell per threat and criterion
    cells = [t for t in ax.texts if t.get_text().strip()]
    assert len(cells) == sc.size
    # one annotation per cell, the coded score first
    assert sorted(int(t.get_text().split()[0]) for t in cells) == sorted(sc.to_numpy().ravel())
    first = ds.threat_criteria.loc[sc.columns[0], f"name_{lang}"]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    # the first criterion is where reading starts: left in English, right in Arabic
    assert columns[-1 if lang == "ar" else 0] == first
    assert ax.yaxis.get_ticks_position() == ("right" if lang == "ar" else "left")
    assert ax.xaxis.get_ticks_position() == "top"


@pytest.mark.parametrize("lang", LANGS)
def test_risk_heatmap_has_one_cell_per_threat_and_state(ds, figures, lang):
    from gulfsec import threats

    fig, _ = figures["threats.matrix", lang]
    ax = fig.axes[0]
    wide = threats.threat_matrix(ds).wide
    assert ax.collections[0].get_array().size == wide.size
    assert len([t for t in ax.texts if t.get_text().strip()]) == wide.size
    assert len(ax.get_yticklabels()) == len(wide.index)


@pytest.mark.parametrize("lang", LANGS)
def test_issue_heatmap_marks_each_dispute(ds, figures, lang):
    from gulfsec import networks

    fig, _ = figures["networks.heatmap", lang]
    ax = fig.axes[0]
    M = networks.issue_dyad_matrix(networks.dispute_graph(ds))
    assert len([t for t in ax.texts if t.get_text().strip()]) == int((M.to_numpy() > 0).sum())
    assert len(ax.get_yticklabels()) == len(M)


@pytest.mark.parametrize("lang", LANGS)
def test_slope_chart_draws_one_line_and_two_labels_per_threat(ds, figures, lang):
    from gulfsec import threats

    fig, _ = figures["threats.methods", lang]
    ax = fig.axes[0]
    n = len(threats.score_matrix(ds, "all"))
    assert len(ax.lines) == n
    assert len(ax.texts) == 2 * n
    # in Arabic the arithmetic column (first header) is on the right
    headers = [t.get_text() for t in ax.get_xticklabels()]
    xs = list(ax.get_xticks())
    arithmetic = headers[xs.index(1 if lang == "ar" else 0)]
    from gulfsec.i18n import label

    assert arithmetic == label("threats.method.arithmetic", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_rank_intervals_are_the_summary_quantiles(ds, lang):
    """seaborn draws the median and 5-95 % interval from the draws with the table's rule."""
    from gulfsec import threats
    from gulfsec.plotting import threats as threats_plots

    unc = threats.rank_uncertainty(ds, 500, 7, top_k=2)
    fig = threats_plots.plot_rank_uncertainty(unc, ds, lang)
    ax = fig.axes[1] if lang == "ar" else fig.axes[0]
    s = unc.summary
    intervals = [ln.get_xdata() for ln in ax.lines if len(ln.get_xdata()) == 2]
    assert [tuple(map(float, x)) for x in intervals] == list(
        zip(s["rank_p05"].astype(float), s["rank_p95"].astype(float), strict=True)
    )
    medians = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(medians) == 1
    assert list(medians[0].get_xdata()) == list(s["median_rank"].astype(float))
    plt.close(fig)


# --------------------------------------------------------------------------- marks and direction


@pytest.mark.parametrize(
    "name", ["article.coverage", "power.shares", "power.ratios", "power.milex"]
)
def test_arabic_value_axis_is_on_the_right(figures, name):
    for lang in LANGS:
        ax = figures[name, lang][0].axes[0]
        side = "right" if lang == "ar" else "left"
        assert ax.yaxis.get_label_position() == side, (name, lang)
        assert ax.get_title(loc=side), (name, lang)


def _series_data(ds):
    """The yearly series the three line figures draw (as the figure factories above)."""
    from gulfsec import power

    nmc = __import__("gulfsec").load_external().cow_nmc
    system = power.gulf_system(ds.actors)
    gcc = [a for a in system if a not in ("IRN", "IRQ")]
    milex = power.military_expenditure(nmc, system, range(1971, 2025), groups={"GCC": gcc})
    shares = power.system_shares(nmc, system, range(1971, 2025), "gulf").dropna(how="all")
    return milex.dropna(how="all"), shares, power.gulf_ratios(shares, ds.actors)


def _points_by_colour(ax, min_points: int = 2):
    """``{colour: [(x, y), ...]}`` of the data lines (not the reference lines) of ``ax``."""
    from matplotlib.colors import to_hex

    out: dict[str, list] = {}
    for ln in ax.lines:
        x, y = ln.get_xdata(), ln.get_ydata()
        if len(x) >= min_points and (len(x) == 1 or len(set(x)) > 1):  # axvline: 2 equal x
            out.setdefault(to_hex(ln.get_color()), []).append(list(zip(x, y, strict=True)))
    return out


def _assert_lines_are_the_series(ax, series, colours):
    """Each series is drawn in its colour, point for point; a line never crosses a gap."""
    from matplotlib.colors import to_hex

    drawn = _points_by_colour(ax, min_points=1)
    for col, colour in colours.items():
        s = series[col]
        colour = to_hex(colour)
        want = [(float(x), float(y)) for x, y in s.dropna().items()]
        runs = drawn[colour]
        got = sorted((float(x), float(y)) for run in runs for x, y in run)
        assert len(got) == len(want), col
        np.testing.assert_allclose(np.array(got), np.array(sorted(want)), rtol=1e-12, err_msg=col)
        years = set(s.dropna().index)
        for run in runs:  # consecutive years only: a gap in the data is a gap in the line
            xs = [int(x) for x, _ in run]
            assert xs == list(range(xs[0], xs[-1] + 1)) and set(xs) <= years, (col, xs)


@pytest.mark.parametrize("lang", LANGS)
def test_expenditure_lines_are_the_series_with_their_gaps(ds, figures, lang):
    from gulfsec.plotting import power as power_plots

    fig, _ = figures["power.milex", lang]
    ax = fig.axes[0]
    milex, _, _ = _series_data(ds)
    c = power_plots.POLE_COLORS
    colours = {"IRN": c["pole_iran"], "IRQ": c["pole_iraq"], "GCC": c["pole_gcc"]}
    colours["SAU"] = CB_PALETTE[3]
    _assert_lines_are_the_series(ax, milex, colours)
    assert milex["GCC"].isna().any() and len(_points_by_colour(ax)[c["pole_gcc"].lower()]) > 1
    # a year with data alone between two gaps shows as a dot (a one-point line shows nothing)
    gcc = milex["GCC"]
    alone = [y for y in gcc.dropna().index if pd.isna(gcc.get(y - 1)) and pd.isna(gcc.get(y + 1))]
    dots = [tuple(xy) for coll in ax.collections for xy in coll.get_offsets()]
    assert alone and all((y, gcc[y]) in dots for y in alone), (alone, dots)
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(names) == 5  # four series and the build-up spells
    assert all(bool(ARABIC.search(n)) == (lang == "ar") for n in names[:4])
    styles = {ln.get_label(): (ln.get_linewidth(), ln.get_linestyle()) for ln in
              ax.get_legend().legend_handles[:4]}  # fmt: skip
    widths = sorted(w for w, _ in styles.values())
    assert widths == [1.6, 1.6, 2.4, 2.4]


@pytest.mark.parametrize("lang", LANGS)
def test_capability_shares_lines_are_the_shares(ds, figures, lang):
    from gulfsec.plotting import power as power_plots

    fig, _ = figures["power.shares", lang]
    ax = fig.axes[0]
    _, shares, _ = _series_data(ds)
    members = [a for a in ds.actors.index[ds.actors["gcc_member"].astype(bool)] if a in shares]
    gcc = shares[members].sum(axis=1, min_count=len(members))
    c = power_plots.POLE_COLORS
    series = shares.assign(GCC=gcc)
    _assert_lines_are_the_series(
        ax, series, {"IRN": c["pole_iran"], "IRQ": c["pole_iraq"], "GCC": c["pole_gcc"]}
    )
    grey = _points_by_colour(ax)["#aaaaaa"]
    assert len(grey) == shares.shape[1] - 2  # one thin line per other member
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(names) == 4 and all(bool(ARABIC.search(n)) == (lang == "ar") for n in names)


@pytest.mark.parametrize("lang", LANGS)
def test_ratio_lines_are_the_ratios(ds, figures, lang):
    from gulfsec.plotting import power as power_plots

    fig, _ = figures["power.ratios", lang]
    ax = fig.axes[0]
    _, _, ratios = _series_data(ds)
    c = power_plots.POLE_COLORS
    colours = [c["pole_iraq"], c["pole_gcc"], CB_PALETTE[5], CB_PALETTE[3]][: len(ratios)]
    _assert_lines_are_the_series(ax, pd.DataFrame(ratios), dict(zip(ratios, colours, strict=True)))
    assert ax.get_yscale() == "log"
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert names[:2] == [power_plots.dyad_name(d, ds.actors, lang) for d in ratios]


@pytest.mark.parametrize("lang", LANGS)
def test_commitment_curve_draws_each_scenario_and_marks_its_lowest_hhi(ds, figures, lang):
    from matplotlib.colors import to_hex

    from gulfsec import alliances

    fig, _ = figures["alliances.curve", lang]
    scen = list(ds.scenarios.index)
    curve = alliances.commitment_curve(ds, "GCC", scen)
    lowest = curve.loc[curve.groupby("scenario_id")["hhi"].idxmin()].set_index("scenario_id")
    for ax, col in zip(fig.axes[:2], ("hhi", "effective_number"), strict=True):
        lines = _points_by_colour(ax, min_points=3)
        marks = [ln for ln in ax.lines if ln.get_marker() == "o"]
        assert len(marks) == len(scen)
        for i, sc in enumerate(scen):
            colour = to_hex(CB_PALETTE[i % len(CB_PALETTE)])
            g = curve[curve["scenario_id"] == sc].sort_values("us_commitment")
            (run,) = lines[colour]  # one line per scenario
            np.testing.assert_allclose(np.array(run), g[["us_commitment", col]].to_numpy())
            (mark,) = [m for m in marks if to_hex(m.get_color()) == colour]
            assert mark.get_xdata()[0] == lowest.loc[sc, "us_commitment"]
            assert mark.get_ydata()[0] == lowest.loc[sc, col]
    names = [t.get_text() for t in fig.legends[0].get_texts()][: len(scen)]
    assert all(bool(ARABIC.search(n)) == (lang == "ar") for n in names)


@pytest.mark.parametrize("lang", LANGS)
def test_scenario_shares_draw_one_bar_per_scenario_and_partner(ds, figures, lang):
    from gulfsec import alliances

    fig, _ = figures["alliances.shares", lang]
    shares = alliances.scenario_shares(ds, "GCC", list(ds.scenarios.index))
    bars = [p for ax in fig.axes for p in ax.patches if p.get_width() > 0 and p.get_height() > 0]
    assert len(bars) == int((shares.to_numpy() > 0).sum())


@pytest.mark.parametrize("lang", LANGS)
def test_issue_strength_stacks_one_bar_per_actor_and_issue(ds, figures, lang):
    from gulfsec import networks

    fig, _ = figures["networks.strength", lang]
    deg = networks.issue_degree(networks.dispute_graph(ds), weighted=True)
    bars = [p for p in fig.axes[0].patches if p.get_width() > 0]
    assert len(bars) == int((deg.to_numpy() > 0).sum())
