// True when the current tab is the notebook at path and its file has loaded (no kernel is wanted).
(path) => { const w = window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.context.isReady); }
