import pytest
from _common import ROOT

from attnlib.viz import figures

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")  # this test process only; notebook kernels keep their inline backend
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every figure, drawn once for the tests below (about a second each time)."""
    return figures.build_all(tmp_path_factory.mktemp("figures"))


def test_build_all_writes_every_figure(built):
    assert sorted(p.name for p in built) == sorted(figures.FIGURES)
    for path in built:
        assert path.read_bytes().startswith(b"\x89PNG")


def test_rebuild_is_byte_identical(built, tmp_path):
    again = figures.build_all(tmp_path)
    assert [p.read_bytes() for p in built] == [p.read_bytes() for p in again]


def test_committed_images_match_the_rebuilt_ones_pixel_by_pixel(built):
    """images/ is what attnlib.figures draws today: same size, and the same pixels up to anti-aliasing
    noise (a font renderer of another version may move an edge by a shade, not redraw a figure)."""
    image = pytest.importorskip("matplotlib.image")
    import numpy as np

    for path in built:
        committed = ROOT / "images" / path.name
        assert committed.exists(), f"run: python -m attnlib.figures ({path.name} missing)"
        old, new = image.imread(committed), image.imread(path)
        stale = f"images/{path.name} is stale: run python -m attnlib.figures images"
        assert old.shape == new.shape, stale
        differ = (np.abs(old - new).max(axis=-1) > 0.1).mean()
        assert differ < 0.005, f"{stale} ({differ:.1%} of its pixels differ)"


def test_softmax_figure_shows_exact_values():
    fig = figures.draw_softmax()
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "0.00002" in labels and "0.49999" in labels, labels
