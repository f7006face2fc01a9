// How many images the current notebook's markdown has.
() => window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-RenderedMarkdown img').length
