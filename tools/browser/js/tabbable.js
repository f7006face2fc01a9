// The controls of a widget (el) that Tab reaches, in document order: focusable, shown, enabled and not
// taken out of the tab order (tabindex -1).
(el) => Array.from(el.querySelectorAll(
  'input:not([type=hidden]), select, textarea, button, a[href], [tabindex], [contenteditable]'
)).filter(e => (e.tabIndex >= 0 || e.isContentEditable) && !e.disabled && e.getClientRects().length > 0)
