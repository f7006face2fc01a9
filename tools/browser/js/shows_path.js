// True when the current tab is the file at path.
(path) => { const w = window.jupyterapp.shell.currentWidget; return !!(w && w.context && w.context.path === path); }
