// The images in the current notebook's markdown that did not load (naturalWidth 0): "alt <src>" each.
() => Array.from(window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-RenderedMarkdown img'))
  .filter(i => !(i.naturalWidth > 0)).map(i => (i.getAttribute('alt') || '') + ' <' + i.getAttribute('src') + '>')
