import xml.etree.ElementTree as ET  # noqa: S405  (our own SVG, not untrusted input)

from komunitas.insights.charts import Chart, Series

SVG = "{http://www.w3.org/2000/svg}"


def _line():
    return Chart(
        "activity", "Posts & replies <by month>", ["Jan", "Feb", "Mar"],
        [Series("Posts", [1, 4, 2]), Series("Replies", [0, 8, 3])],
    )  # fmt: skip


def test_a_line_chart_is_valid_svg_with_a_title_and_a_line_per_series():
    root = ET.fromstring(str(_line().svg()))  # noqa: S314
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Posts & replies <by month>"
    polylines = root.findall(f"{SVG}polyline")
    assert len(polylines) == 2
    assert len(polylines[0].get("points").split()) == 3
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Jan", "Feb", "Mar", "Posts", "Replies"} <= set(labels)


def test_the_highest_point_stays_inside_the_chart():
    root = ET.fromstring(str(_line().svg()))  # noqa: S314
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    assert min(ys) >= 0 and max(ys) <= float(root.get("height"))


def test_a_bar_chart_draws_a_bar_per_label_with_its_value():
    chart = Chart("levels", "Levels", ["Core", "Active"], [Series("Members", [3, 10])], "bar")
    root = ET.fromstring(str(chart.svg()))  # noqa: S314
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[1] > widths[0] > 0
    assert "10" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_table_holds_the_same_numbers():
    assert _line().rows == [("Jan", [1, 0]), ("Feb", [4, 8]), ("Mar", [2, 3])]


def test_an_empty_chart_says_so_and_still_draws():
    chart = Chart("e", "Empty", ["Jan"], [Series("Posts", [0])])
    assert chart.is_empty
    ET.fromstring(str(chart.svg()))  # noqa: S314


def test_the_pdf_version_leaves_out_the_title_element():
    markup = str(_line().svg(title=False))
    assert "<title" not in markup and markup.startswith("<svg")
