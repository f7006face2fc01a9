// Every link (not an anchor on the page) in the current notebook's first cell tagged tag:
// {cell, index, label, href}, href as JupyterLab resolved it.
(tag) => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  const i = w.content.widgets.findIndex(c => (c.model.getMetadata('tags') || []).includes(tag));
  [w.content.widgets[i]].filter(c => c).forEach(c => {
    c.node.querySelectorAll(".jp-RenderedMarkdown a:not([href^='#'])").forEach((a, j) => {
      out.push({cell: i, index: j, label: a.textContent.trim(), href: a.getAttribute('href')});
    });
  });
  return out;
}
