// Record every change of a widget's state (snapshot.js's text, polled every 10 ms), with its time, and
// when the student's input reached the widget, in window.__attnlibWatch until its stop() is called.
([el, snapshot]) => {
  const take = eval(snapshot);
  let last = JSON.stringify(take(el));
  const log = [[performance.now(), last]];
  const timer = setInterval(() => {
    const now = JSON.stringify(take(el));
    if (now !== last) { last = now; log.push([performance.now(), now]); }
  }, 10);
  const inputs = [];   // when the student's input reached the page: the start of a reaction
  const note = () => inputs.push(performance.now());
  const kinds = ['keydown', 'pointerdown', 'mousedown', 'input', 'change'];
  kinds.forEach(k => el.addEventListener(k, note, true));
  window.__attnlibWatch = {log, inputs, stop: () => { clearInterval(timer);
                                                      kinds.forEach(k => el.removeEventListener(k, note, true)); }};
  return performance.now();
}
