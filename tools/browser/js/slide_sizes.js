// Every static slide of a reveal.js deck, measured at the page's size (tests/browser/test_static_slides.py):
// its height against the slide's (reveal.js's config height), the smallest prose and code type on it in
// screen pixels (the computed size times reveal.js's scale), and any output that scrolls sideways. Each
// slide is laid out (invisibly) as the template does while MathJax typesets; speaker notes are left out.
() => {
  const root = document.documentElement, notes = document.createElement('style');
  notes.textContent = 'html.typesetting body .reveal .slides aside.notes { display: none !important; }';
  document.head.appendChild(notes);
  root.classList.add('typesetting');
  const scale = Reveal.getScale(), height = Reveal.getConfig().height;
  const leaves = Array.from(document.querySelectorAll('.reveal .slides section')).filter(s => !s.querySelector('section'));
  const shown = e => !e.closest('aside.notes, .MathJax, .MathJax_Display, .MathJax_Preview, script, style')
    && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0
    && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  const slides = leaves.map((s, i) => {
    const texts = Array.from(s.querySelectorAll('*')).filter(shown);
    const size = (code) => Math.min(999, ...texts.filter(e => !!e.closest('pre, code') === code)
      .map(e => parseFloat(getComputedStyle(e).fontSize) * scale));
    const sideways = Array.from(s.querySelectorAll('pre')).filter(p => p.scrollWidth > p.clientWidth + 1).length;
    const heading = s.querySelector('h1, h2, h3');
    return {index: i + 1, height: s.scrollHeight, text: size(false), code: size(true), sideways,
            title: heading ? heading.textContent.replace('¶', '').trim() : s.textContent.trim().slice(0, 50)};
  });
  root.classList.remove('typesetting');
  notes.remove();
  return {height, scale, slides};
}
