// Run every cell of the current notebook, as the Run menu's Run All Cells does.
async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }
