"""Static slides that fit a 1024×768 projector: an nbconvert preprocessor for tools/build_slides.py.

A lesson's slide types (tools/make_slides.py, stored in the notebook for RISE) count lines; a static
slide must fit reveal.js's 960×700 slide, which is what a 1024×768 screen shows at scale 1. FitSlides
estimates each cell's height in pixels at the slides' type sizes (body ROW_TEXT, code ROW_CODE: see the
template's CSS), then, on a copy of the notebook (the notebook itself is untouched):

- splits a markdown cell taller than ROOM at its paragraphs, and a code cell at its lines or its
  printed output at its lines, continuing on a new vertical slide ("subslide");
- shows a figure's cell without its code when the two do not fit together (the figure is the point on
  a slide; its code stays in the notebook);
- packs the pieces: a "## " section starts a slide, and a piece that would overflow the screen starts
  a subslide; navigation stays skipped and long prose stays in the speaker notes.

tests/browser/test_static_slides.py measures every slide in Chromium and fails on one taller than the slide.
"""

from __future__ import annotations

import base64
import math
import re
import struct
from pathlib import Path

import nbformat
from make_slides import is_exercise_text
from nbconvert.preprocessors import Preprocessor

PROSE_CHARS = 240  # a paragraph of prose longer than this goes to the speaker notes
ROOM = 610  # px of the 700 px slide for content (reveal.js pads a slide; headroom for the estimate)
ROW_TEXT, CHARS_TEXT = 27, 78  # a line of prose: 20 px type, 26 px apart; characters per line
ROW_CODE, CHARS_CODE = 20, 88  # a line of code or printed output: 16 px type, 1.2 apart
GAP = 18  # between paragraphs and around a cell
HEADING = {1: 80, 2: 60, 3: 48, 4: 40}
MATHS = 64  # a display formula
IMAGE_MAX = 440  # CSS max-height of a picture on a slide (the template's .reveal img rule)
WIDTH = 900  # px a picture can take
NOTE = 40  # the note that replaces a widget
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return WIDTH, IMAGE_MAX
    return struct.unpack(">II", data[16:24])


def picture_height(width: int, height: int) -> int:
    """Height of a picture on a slide: at most WIDTH wide and IMAGE_MAX tall, never enlarged."""
    scale = min(1.0, WIDTH / max(width, 1), IMAGE_MAX / max(height, 1))
    return math.ceil(height * scale) + GAP


def text_rows(line: str, chars: int) -> int:
    """How many rows a line of text wraps to."""
    return max(1, math.ceil(len(line) / chars))


def plain(markdown: str) -> str:
    """Markdown as the reader sees it, roughly: links and emphasis without their marks, maths shortened."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\$([^$]+)\$", lambda m: "x" * max(1, len(m.group(1)) // 2), text)
    return re.sub(r"[*_`]", "", text)


def blocks(markdown: str) -> list[str]:
    """Split markdown into blocks that must stay together: paragraphs, lists, tables, formulas, fences."""
    out, current, fence, maths = [], [], False, False
    for line in markdown.splitlines():
        if line.strip().startswith("```"):
            fence = not fence
        if line.strip() == "$$" or (line.strip().startswith("$$") != line.strip().endswith("$$")):
            maths = not maths
        if not line.strip() and not fence and not maths:
            if current:
                out.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def block_height(block: str, folder: Path) -> int:
    """Estimated height of one markdown block on a slide, in px."""
    first = block.lstrip()
    if first.startswith("#"):
        level = len(first) - len(first.lstrip("#"))
        rest = block.split("\n", 1)[1] if "\n" in block else ""
        return HEADING.get(level, 40) + (block_height(rest, folder) if rest.strip() else 0)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", block) + re.findall(r"<img[^>]*src=\"([^\"]+)\"", block)
    height = 0
    for src in pictures:
        path = folder / src
        height += picture_height(*png_size(path.read_bytes())) if path.is_file() else IMAGE_MAX
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<img[^>]*>", "", block)
    if first.startswith("$$"):
        return height + MATHS * max(1, text.count("\\\\") + 1) + GAP
    if first.startswith("|"):
        return height + 40 * len(text.splitlines()) + GAP
    if first.startswith("```"):
        return height + ROW_CODE * len(text.splitlines()) + GAP
    rows = sum(text_rows(line, CHARS_TEXT - 4 * line.startswith(("-", "*", "1"))) for line in plain(text).splitlines())
    lists = sum(
        line.lstrip().startswith(("- ", "* ")) or bool(re.match(r"\s*\d+\. ", line)) for line in text.splitlines()
    )
    return height + rows * ROW_TEXT + lists * 6 + GAP + MATHS // 2 * text.count("$$")


def code_height(source: str) -> int:
    """Estimated height of code on a slide, in px."""
    return sum(text_rows(line, CHARS_CODE) for line in source.splitlines()) * ROW_CODE + 2 * GAP


def output_text(output: nbformat.NotebookNode) -> str | None:
    """The text an output prints, if it is text."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    if not ({"image/png", "text/html", WIDGET_MIME} & set(data)) and "text/plain" in data:
        return "".join(data["text/plain"])
    return None


def output_height(output: nbformat.NotebookNode) -> int:
    """Estimated height of one output on a slide, in px."""
    data = output.get("data", {})
    if WIDGET_MIME in data or "site-widget-note" in "".join(data.get("text/html", "")):
        return NOTE + GAP
    if "image/png" in data:
        return picture_height(*png_size(base64.b64decode("".join(data["image/png"]))))
    text = output_text(output)
    if text is not None:
        return sum(text_rows(line, CHARS_CODE) for line in text.splitlines()) * ROW_CODE + GAP
    html = "".join(data.get("text/html", ""))
    return 40 * max(1, html.count("<tr")) + GAP


def cell_height(cell: nbformat.NotebookNode, folder: Path) -> int:
    """Estimated height of a cell on a slide, in px."""
    if cell.cell_type == "markdown":
        return sum(block_height(b, folder) for b in blocks(cell.source))
    source = 0 if cell.metadata.get("transient", {}).get("remove_source") else code_height(cell.source)
    return source + sum(output_height(o) for o in cell.get("outputs", []))


def kind_of(cell: nbformat.NotebookNode) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def piece(cell: nbformat.NotebookNode, **changes) -> nbformat.NotebookNode:
    """A copy of cell, with some fields changed and an id of its own; it continues the slide ("-")."""
    piece.count = getattr(piece, "count", 0) + 1
    new = nbformat.from_dict({**cell, **changes, "id": f"{cell.get('id', 'cell')}-{piece.count}"})
    new.metadata = nbformat.from_dict({**cell.metadata, "slideshow": {"slide_type": "-"}})
    return new


def chunks(items: list, height, room: int) -> list[list]:
    """Group items in order so that each group's total height is at most room (an item alone may exceed it)."""
    groups, used = [[]], 0
    for item in items:
        h = height(item)
        if groups[-1] and used + h > room:
            groups.append([])
            used = 0
        groups[-1].append(item)
        used += h
    return groups


def items(block: str) -> list[str]:
    """A list block as its items (each with its continuation lines); any other block as itself."""
    parts: list[str] = []
    for line in block.splitlines():
        if not parts or re.match(r"(?:[-*]|\d+\.) ", line):
            parts.append(line)
        else:
            parts[-1] += "\n" + line
    return parts if re.match(r"(?:[-*]|\d+\.) ", block) else [block]


def split_markdown(cell: nbformat.NotebookNode, folder: Path) -> list[nbformat.NotebookNode]:
    """A markdown cell as pieces that each fit ROOM, split between its blocks (a long list between its items)."""
    parts = [p for b in blocks(cell.source) for p in (items(b) if block_height(b, folder) > ROOM else [b])]
    groups = chunks(parts, lambda b: block_height(b, folder), ROOM)
    pieces = [piece(cell, source="\n\n".join(g)) for g in groups]
    pieces[0].metadata["slideshow"] = {"slide_type": kind_of(cell)}
    return pieces


def split_output(output: nbformat.NotebookNode, room: int) -> list[nbformat.NotebookNode]:
    """A printed output taller than room as several outputs, split between its lines."""
    text = output_text(output)
    if text is None:
        return [output]
    lines = text.splitlines(keepends=True)
    groups = chunks(lines, lambda line: text_rows(line, CHARS_CODE) * ROW_CODE, room - GAP)
    return [nbformat.v4.new_output("stream", name="stdout", text="".join(g)) for g in groups]


def split_code(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """A code cell as pieces that each fit ROOM: its code at line boundaries, then its outputs."""
    outputs = cell.get("outputs", [])
    pictures = any("image/png" in o.get("data", {}) for o in outputs)
    out_h = sum(output_height(o) for o in outputs)
    cell = piece(cell)
    cell.metadata["slideshow"] = {"slide_type": "-"}
    if pictures and code_height(cell.source) + out_h > ROOM:
        cell.metadata["transient"] = {"remove_source": True}  # the figure alone; its code is in the notebook
        return [cell]
    lines = cell.source.splitlines(keepends=True)
    code = chunks(lines, lambda line: text_rows(line, CHARS_CODE) * ROW_CODE, ROOM - 2 * GAP)
    pieces = [piece(cell, source="".join(g), outputs=[], execution_count=None) for g in code[:-1]]
    last_source = "".join(code[-1])
    flat = [part for o in outputs for part in split_output(o, ROOM)]
    first_room = ROOM - code_height(last_source)
    groups, used, room = [[]], 0, first_room
    for o in flat:
        h = output_height(o)
        if used + h > room and (groups[-1] or room < ROOM):  # the first output may go after the code
            groups.append([])
            used, room = 0, ROOM
        groups[-1].append(o)
        used += h
    pieces.append(piece(cell, source=last_source, outputs=groups[0]))
    for g in groups[1:]:
        rest = piece(cell, source="", outputs=g)
        rest.metadata["transient"] = {"remove_source": True}
        pieces.append(rest)
    return pieces


def is_prose(block: str) -> bool:
    """True for a paragraph of plain prose: not a heading, list, table, formula, picture or code."""
    first = block.lstrip()
    return not (
        first.startswith(("#", "-", "*", "|", "$$", "```", "<", ">", "!["))
        or re.match(r"\d+\. ", first)
        or "![" in block
        or "$$" in block
    )


def to_notes(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """A markdown cell with its long paragraphs of prose (over PROSE_CHARS) moved to the speaker notes,
    which follow it; the rest stays on the slide."""
    kept, moved = [], []
    for block in blocks(cell.source):
        (moved if is_prose(block) and len(plain(block)) > PROSE_CHARS else kept).append(block)
    if not moved:
        return [cell]
    notes = piece(cell, source="\n\n".join(moved))
    notes.metadata["slideshow"] = {"slide_type": "notes"}
    if not kept:
        return [notes]
    return [piece(cell, source="\n\n".join(kept)), notes]


def fit(cells: list[nbformat.NotebookNode], folder: Path) -> list[nbformat.NotebookNode]:
    """The lesson's cells, split and given slide types so that every slide fits ROOM."""
    out, used, prev_exercise = [], 0, False
    for cell in cells:
        kind = kind_of(cell)
        exercise = is_exercise_text(cell)
        if kind in ("skip", "notes"):
            out.append(cell)
            continue
        notes = []
        if cell.cell_type == "markdown" and not exercise:
            shown, *notes = to_notes(cell)
            if kind_of(shown) == "notes":  # all of it is prose for the notes
                out.append(shown)
                continue
            cell = shown
        pieces = [cell]
        if cell_height(cell, folder) > ROOM:
            pieces = split_markdown(cell, folder) if cell.cell_type == "markdown" else split_code(cell)
        for i, p in enumerate(pieces):
            h = cell_height(p, folder)
            if i == 0 and (kind == "slide" or (exercise and not prev_exercise)):
                p.metadata["slideshow"] = {"slide_type": "slide" if kind == "slide" else "subslide"}
                used = h
            elif used + h > ROOM and used > 0:
                p.metadata["slideshow"] = {"slide_type": "subslide"}
                used = h
            else:
                p.metadata["slideshow"] = {"slide_type": "-"}
                used += h
            out.append(p)
        out.extend(notes)
        if cell.cell_type == "markdown":
            prev_exercise = exercise
    return out


FLAGS = ("slide_type", "slide_start", "subslide_start", "slide_end", "subslide_end", "fragment_start", "fragment_end")


class FitSlides(Preprocessor):
    """Split and re-pack a lesson's cells so that every static slide fits a 1024×768 projector."""

    def preprocess(self, nb, resources):
        # nbconvert's SlidesExporter has already turned the slide types into section flags (its own
        # preprocessor runs first): drop them, fit, and let it set them again from the new slide types.
        from nbconvert.exporters.slides import _RevealMetadataPreprocessor

        for cell in nb.cells:
            for flag in FLAGS:
                cell.metadata.pop(flag, None)
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        nb.cells = fit(nb.cells, folder)
        return _RevealMetadataPreprocessor().preprocess(nb, resources)
