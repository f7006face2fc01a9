// The path of the file in the current tab, or null.
() => { const w = window.jupyterapp.shell.currentWidget; return w && w.context ? w.context.path : null; }
