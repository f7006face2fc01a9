// True when the current tab is the notebook at path and it has a session (its kernel may still be starting).
(path) => { const w = window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.sessionContext); }
