from pathlib import Path

import pytest

from attnlib import figures

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")  # this test process only; notebook kernels keep their inline backend
plt = pytest.importorskip("matplotlib.pyplot")
ROOT = Path(__file__).resolve().parent.parent


def test_build_all_writes_every_figure(tmp_path):
    written = figures.build_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(figures.FIGURES)
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG")


def test_rebuild_is_byte_identical(tmp_path):
    a = figures.build_all(tmp_path / "a")
    b = figures.build_all(tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_committed_images_have_same_size_as_rebuilt(tmp_path):
    image = pytest.importorskip("matplotlib.image")
    for path in figures.build_all(tmp_path):
        committed = ROOT / "images" / path.name
        assert committed.exists(), f"run: python -m attnlib.figures ({path.name} missing)"
        assert image.imread(committed).shape == image.imread(path).shape, f"images/{path.name} is stale: run python -m attnlib.figures"


def test_softmax_figure_shows_exact_values():
    fig = figures.draw_softmax()
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "0.00002" in labels and "0.49999" in labels, labels
