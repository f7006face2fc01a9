// Where the keyboard's focus is, seen from a widget (el): the index of the focused control among the
// widget's tabbable controls (tabbable.js's order), -1 when the focus is elsewhere in the widget, null
// when it has left the widget.
([el, tabbable]) => {
  const focused = document.activeElement;
  if (!focused || !el.contains(focused)) return null;
  return eval(tabbable)(el).indexOf(focused);
}
