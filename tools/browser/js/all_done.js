// True once Run All has finished: the kernel is idle, no prompt shows [*], and every code cell has run
// (or one failed: Run All stops at an error).
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const prompts = Array.from(w.node.querySelectorAll('.jp-InputPrompt')).map(p => p.textContent);
  const failed = cells.some(c => Array.from({length: c.model.outputs.length},
                                            (_, j) => c.model.outputs.get(j).type).includes('error'));
  return !!k && k.status === 'idle' && !prompts.some(t => t.includes('*'))
         && (failed || cells.every(c => c.model.executionCount !== null));   // Run All stops at an error
}
