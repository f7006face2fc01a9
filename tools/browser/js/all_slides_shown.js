// Lay every slide of a reveal.js deck out, visible, one under the other, so that axe-core checks them all in
// one run (reveal.js shows one slide at a time and hides the rest from the accessibility tree). The colours,
// type and links are those of each slide shown alone: only the positions and visibility change.
() => {
  const style = document.createElement('style');
  style.textContent = `.reveal .slides, .reveal .slides section { position: relative !important; display: block !important;
    visibility: visible !important; opacity: 1 !important; transform: none !important; top: auto !important;
    left: auto !important; height: auto !important; transition: none !important; }
    .reveal .slides aside.notes { display: none !important; }
    .reveal .backgrounds, .reveal .controls, .reveal .progress { display: none !important; }
    .reveal, .reveal-viewport { overflow: visible !important; height: auto !important; }`;
  document.head.appendChild(style);
  document.querySelectorAll('.reveal .slides section').forEach(s => { s.removeAttribute('aria-hidden'); s.removeAttribute('hidden'); s.classList.remove('future', 'past'); });
  return document.querySelectorAll('.reveal .slides section').length;
}
