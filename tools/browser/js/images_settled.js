// True once every image in the current notebook's markdown has loaded or failed.
() => Array.from(window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-RenderedMarkdown img')).every(i => i.complete)
