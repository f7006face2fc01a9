// The state a student sees in a widget (el): every control's value as shown, and the readout's text.
(el) => {
  const controls = [];
  el.querySelectorAll('.widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-buttons, .widget-text, .widget-combobox').forEach(c => {
    const label = (c.querySelector('.widget-label') || {}).innerText || '';
    const readout = c.querySelector('.widget-readout');
    const handle = c.querySelector('.noUi-handle');
    const input = c.querySelector('input, select');
    const active = Array.from(c.querySelectorAll('.widget-toggle-button.mod-active')).map(b => b.innerText);
    controls.push({label, readout: readout ? readout.innerText : null,
                   position: handle ? handle.getAttribute('aria-valuenow') : null,
                   value: !input ? null : input.type === 'checkbox' ? input.checked
                          : input.tagName === 'SELECT' ? (input.options[input.selectedIndex] || {}).text : input.value,
                   active: active.length ? active.join(',') : null});
  });
  const outs = el.querySelectorAll('.widget-html-content');
  const out = outs.length ? outs[outs.length - 1] : null;
  return {controls, text: out ? out.innerText : '', html: out ? out.innerHTML : ''};
}
