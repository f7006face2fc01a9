"""The readout every widget shows, made for the keyboard and screen readers (WCAG 2.1 AA, issue #24).

ipywidgets' HTML widget cannot say that its content changes, and ipywidgets names no slider handle
(noUiSlider's role="slider" div gets no aria-labelledby) and no row of toggle buttons. This readout is
an anywidget (a few lines of JavaScript shipped from Python: no build, nothing fetched) that shows the
HTML as ipywidgets' HTML widget does, in an aria-live="polite" region, so a screen reader announces each
change, and mends its box: each slider handle and its editable value are named by the slider's
description and the handle's aria-valuetext is the value shown (a SelectionSlider's handle says 64,
not its index 6); a row of toggle buttons is a group named by its description, each button saying
whether it is pressed. Only anywidget and ipywidgets load, on the first widget built."""

from __future__ import annotations

import warnings
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

ESM = """
const idOf = (el) => el.id || (el.id = `attnlib-name-${Math.random().toString(36).slice(2)}`);
const put = (el, key, value) => { if (el && el.getAttribute(key) !== value) el.setAttribute(key, value); };

// Name what ipywidgets leaves unnamed in the box: slider handles, their editable values, toggle rows.
function mend(box) {
  for (const control of box.querySelectorAll('.widget-slider, .widget-toggle-buttons')) {
    const label = control.querySelector(':scope > .widget-label');
    if (!label || !label.textContent.trim()) continue;
    if (label.getAttribute('title') === 'null') label.removeAttribute('title');  // ipywidgets' empty tooltip
    if (control.classList.contains('widget-slider')) {
      const shown = control.querySelector(':scope > .widget-readout');
      for (const handle of control.querySelectorAll('.noUi-handle')) {
        put(handle, 'aria-labelledby', idOf(label));
        if (shown && shown.textContent.trim()) put(handle, 'aria-valuetext', shown.textContent.trim());
      }
      if (shown) put(shown, 'role', 'textbox');  // editable: a generic div is given no name
      put(shown, 'aria-labelledby', idOf(label));
    } else {
      const row = label.nextElementSibling;
      if (!row) continue;
      put(row, 'role', 'group');
      put(row, 'aria-labelledby', idOf(label));
      for (const b of row.querySelectorAll('button')) {
        put(b, 'aria-pressed', String(b.classList.contains('mod-active')));
      }
    }
  }
}

export default {
  render({ model, el }) {
    el.classList.add('jupyter-widgets', 'widget-inline-hbox', 'widget-html', 'attnlib-readout');
    const out = document.createElement('div');
    out.className = 'widget-html-content';
    out.setAttribute('aria-live', 'polite');  // announced when it changes, after what is being said
    el.appendChild(out);
    const show = () => { out.innerHTML = model.get('value'); };
    show();
    model.on('change:value', show);
    let observer = null, tries = 0, timer = null;
    const watch = () => {  // the box adds this view to the page after render returns
      const box = el.parentElement;
      if (!box) { if (tries++ < 250) timer = setTimeout(watch, 20); return; }
      mend(box);
      observer = new MutationObserver(() => mend(box));
      observer.observe(box, { subtree: true, childList: true, characterData: true, attributes: true,
                              attributeFilter: ['class', 'aria-valuetext'] });
    };
    watch();
    return () => { model.off('change:value', show); clearTimeout(timer); if (observer) observer.disconnect(); };
  },
};
"""


@cache
def _readout_class() -> type:
    import anywidget
    import traitlets

    class Readout(anywidget.AnyWidget):
        """HTML shown in an aria-live region; it names the sliders and toggle buttons of its box."""

        _esm = ESM
        value = traitlets.Unicode("").tag(sync=True)

    return Readout


def build_readout(value: str = "") -> ipywidgets.DOMWidget:
    """Return a readout showing the HTML value (set .value to change it), announced when it changes."""
    if not isinstance(value, str):
        raise TypeError(f"value must be an HTML str; got {type(value).__name__}")
    with warnings.catch_warnings():  # ipywidgets 8.1.2 (pinned for RISE) adds anywidget's traits with a call
        # that traitlets deprecates; nothing for a student to act on
        warnings.filterwarnings("ignore", "Deprecated in traitlets 4.1", DeprecationWarning)
        return _readout_class()(value=value)
