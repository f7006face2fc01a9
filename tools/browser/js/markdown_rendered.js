// True once every non-empty markdown cell of the current notebook is rendered (its links and images are on the page).
() => window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'markdown'
  && c.model.sharedModel.getSource().trim()).every(c => { const r = c.node.querySelector('.jp-RenderedMarkdown');
                                                     return !!r && r.childElementCount > 0; })
