"""Notebook 12's widget (attnlib.viz.gpt_widget): a tiny GPT continues a typed prompt, seeded, and shows how the
prompt's last character attends over the prompt. Untrained parameters are enough: what is tested is the wiring,
the readout and its determinism, not the quality of the text. The browser's agreement check (tools/browser/
agree.py) is run here on the kernel's HTML too."""

import html
import re
import time

import numpy as np
import pytest

import attnlib as al

pytest.importorskip("ipywidgets")

TEXT = "ROMEO:\nBut soft! what light <through> yonder window breaks? & so on\n"
VOCAB = al.char_vocabulary(TEXT)


@pytest.fixture(scope="module")
def params():
    return al.gpt_init_params(len(VOCAB), 16, 2, 1, 16, seed=0)


def parts(page: str, cls: str) -> list[str]:
    """The unescaped texts of the readout's elements of class cls."""
    return [html.unescape(x) for x in re.findall(rf"class=[\"']{cls}[\"'][^>]*>([^<]*)<", page)]


def test_builds_a_named_control_for_each_setting(params):
    box = al.build_gpt_widget(params, VOCAB)
    text, heat, size, head, out = box.children
    assert "attnlib-gpt-widget" in box._dom_classes
    assert [c.description for c in (text, heat, size, head)] == ["prompt", "temperature", "length", "head"]
    assert text.value == "ROMEO:\\n" and not text.continuous_update  # \n typed for a new line
    assert (heat.min, heat.max, heat.value) == (0.1, 2.0, 0.8) and (size.min, size.max, size.value) == (20, 300, 120)
    assert list(head.options) == ["all heads (mean)", "head 0", "head 1"] and head.value == "all heads (mean)"
    assert out.__class__.__name__ == "Readout"  # build_readout's aria-live readout


def test_readout_is_the_prompt_then_the_seeded_sample(params):
    out = al.build_gpt_widget(params, VOCAB, prompt="ROMEO:\n", length=40, temperature=1.0, seed=3).children[-1]
    ids = al.gpt_sample(params, al.encode_text("ROMEO:\n", VOCAB), 40, 1.0, seed=3)
    want = al.decode_text(ids[7:], VOCAB)
    assert out.value.startswith("<div class='attnlib-gpt'")
    assert "<b class='attnlib-gpt-prompt'>ROMEO:\n</b>" in out.value  # bold, the new line kept
    assert parts(out.value, "attnlib-gpt-continuation") == [want] and len(want) == 40
    assert html.escape(want) in out.value  # escaped: the vocabulary has < > & in it
    assert "white-space:pre-wrap" in out.value and "monospace" in out.value
    assert parts(out.value, "attnlib-gpt-temperature") == ["1.00"] and "seed 3" in out.value


def test_readout_follows_the_controls_and_the_same_settings_give_the_same_text(params):
    box = al.build_gpt_widget(params, VOCAB)
    text, heat, size, head, out = box.children
    first, seen = out.value, set()
    for control, value in [(heat, 1.5), (size, 60), (text, "But soft!\\nwhat"), (head, "head 1")]:
        control.value = value
        assert out.value not in seen | {first}, f"{control.description} = {value!r} changed nothing"
        seen.add(out.value)
    assert parts(out.value, "attnlib-gpt-prompt") == ["But soft!\nwhat"]
    assert len(parts(out.value, "attnlib-gpt-continuation")[0]) == 60
    again = al.build_gpt_widget(params, VOCAB, prompt="But soft!\nwhat", length=60, temperature=1.5)
    again.children[3].value = "head 1"
    assert again.children[-1].value == out.value  # another widget, the same settings: the same text
    text.value, heat.value, size.value, head.value = "ROMEO:\\n", 0.8, 120, "all heads (mean)"
    assert out.value == first  # back to the start: the same text again


def test_unknown_characters_and_an_empty_prompt_are_said_in_the_readout(params):
    text, *_, out = al.build_gpt_widget(params, VOCAB).children
    text.value = "ROMEO: Zounds! é\\n"
    assert "attnlib-error" in out.value and "Traceback" not in out.value
    assert "does not know 'Z', 'é'" in out.value and f"the {len(VOCAB)} characters" in out.value
    text.value = ""
    assert "Type a prompt" in out.value and "\\n is a new line" in out.value
    text.value = "what"
    assert "attnlib-error" not in out.value and parts(out.value, "attnlib-gpt-prompt") == ["what"]
    box = al.build_gpt_widget(params, VOCAB, prompt="")  # a start that is not right is said too, not raised
    assert "Type a prompt" in box.children[-1].value


def test_the_attention_row_is_the_last_characters_and_sums_to_one(params):
    box = al.build_gpt_widget(params, VOCAB, prompt="ROMEO:\nBut soft")
    head, out = box.children[3], box.children[-1]
    weights = al.gpt_forward(params, al.encode_text("ROMEO:\nBut soft", VOCAB)[None], return_cache=True).weights
    for label, want in [("all heads (mean)", weights[:, 0, :, -1].mean(axis=(0, 1)))] + [
        (f"head {h}", weights[0, 0, h, -1]) for h in range(2)
    ]:
        head.value = label
        shown = [float(x) for x in parts(out.value, "attnlib-gpt-weight")]
        assert shown == pytest.approx(want, abs=0.005) and sum(shown) == pytest.approx(1, abs=0.005 * len(shown))
        assert parts(out.value, "attnlib-gpt-head") == [label] and "sum to 1" in out.value
    assert parts(out.value, "attnlib-gpt-char") == list("ROMEO:↵But␣soft")  # spaces and new lines visible
    assert "Where the last character 't' looks" in out.value


def test_a_prompt_longer_than_the_context_shows_the_characters_the_model_reads(params):
    text, *_, out = al.build_gpt_widget(params, VOCAB, length=20).children
    text.value = "But soft! what light through yonder"  # 35 characters, context 16
    assert parts(out.value, "attnlib-gpt-char") == list("t␣through␣yonder")
    assert "reads only the last 16 characters" in out.value and "(character 35)" in out.value


def test_two_layers_name_each_head_by_its_layer():
    params = al.gpt_init_params(len(VOCAB), 8, 2, 2, 8, seed=1)
    head = al.build_gpt_widget(params, VOCAB, prompt="soft").children[3]
    assert list(head.options) == ["all heads (mean)", "layer 0, head 0", "layer 0, head 1"] + [
        "layer 1, head 0",
        "layer 1, head 1",
    ]


def test_the_browser_agreement_check_passes_on_the_kernels_readout_and_catches_a_wrong_one(params):
    from browser.agree import agree_gpt

    box = al.build_gpt_widget(params, VOCAB, prompt="ROMEO:\nBut soft", length=30, temperature=1.25)
    box.children[3].value = "head 1"

    def state(page: str) -> dict:  # what tools/browser/js/snapshot.js reads from the page
        return {
            "controls": [
                {"label": "prompt", "readout": None, "value": "ROMEO:\\nBut soft"},
                {"label": "temperature", "readout": "1.25", "value": None},
                {"label": "length", "readout": "30", "value": None},
                {"label": "head", "readout": None, "value": "head 1"},
            ],
            "text": "",
            "html": page,
        }

    page = box.children[-1].value
    assert agree_gpt(state(page)) == []
    assert agree_gpt(state(page.replace("'", '"'))) == []  # innerHTML quotes attributes with "
    wrong = page.replace(">0.", ">1.", 1)
    assert any("sums to" in p for p in agree_gpt(state(wrong)))
    short = re.sub(r"(attnlib-gpt-continuation'>)(.)", r"\1", page)
    assert any("length 30" in p for p in agree_gpt(state(short)))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"params": None}, TypeError, r"params must be a dict of arrays from init_params"),
        ({"vocab": "abc"}, TypeError, r"vocab must be a non-empty list of characters"),
        ({"vocab": VOCAB[:-1]}, ValueError, rf"vocab has {len(VOCAB) - 1} characters but the model has {len(VOCAB)}"),
        ({"vocab": ["a"] + VOCAB[1:]}, ValueError, r"vocab has a character twice"),
        ({"prompt": 5}, TypeError, r"prompt must be a str"),
        ({"length": 500}, ValueError, r"length must be from 20 to 300"),
        ({"length": 2.5}, ValueError, r"length must be a whole number"),
        ({"temperature": 0}, ValueError, r"temperature must be a finite number > 0"),
        ({"temperature": 3.0}, ValueError, r"temperature must be from 0.1 to 2"),
        ({"seed": -1}, ValueError, r"seed must be a whole number >= 0"),
    ],
)
def test_bad_arguments_raise_naming_them(params, kwargs, error, message):
    with pytest.raises(error, match=message):
        al.build_gpt_widget(**({"params": params, "vocab": VOCAB} | kwargs))


def test_starting_values_snap_to_the_sliders_steps(params):
    _, heat, size, _, out = al.build_gpt_widget(params, VOCAB, length=123, temperature=0.83).children
    assert (heat.value, size.value) == (0.85, 120) and len(parts(out.value, "attnlib-gpt-continuation")[0]) == 120


def test_kernel_reaction_time_at_the_notebooks_model_size():
    """Printed, not asserted (machines differ): the budget is 100 ms for 120 characters."""
    chars = sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz !&',-.:;?[]\n"))
    assert len(chars) == 65
    params = al.gpt_init_params(65, 64, 4, 1, 64, seed=0)  # notebook 12's model
    text, heat, size, head, out = al.build_gpt_widget(params, chars).children
    times = {}
    for name, control, values in [
        ("temperature ±0.05", heat, [0.85, 0.8] * 5),
        ("new prompt", text, [f"JULIET:\\nO Romeo{'!' * k}" for k in range(10)]),
        ("head", head, ["head 1", "head 2"] * 5),
    ]:
        spent = []
        for value in values:
            start = time.perf_counter()
            control.value = value
            spent.append(1000 * (time.perf_counter() - start))
        times[name] = np.median(spent)
    size.value = 300
    start = time.perf_counter()
    heat.value = 0.9
    times["temperature at length 300"] = 1000 * (time.perf_counter() - start)
    print(
        "\ngpt widget, kernel reaction (ms, length 120 unless said): "
        + ", ".join(f"{k} {v:.1f}" for k, v in times.items())
    )
    assert "attnlib-gpt-continuation" in out.value
