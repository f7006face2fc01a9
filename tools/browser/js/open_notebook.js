// Open the notebook at path as File > Open does. Without a kernel, the session is told not to start
// one before it initializes (the command returns the panel at once, its file still loading).
async ([path, kernel]) => {
  const w = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  if (!kernel) w.sessionContext.kernelPreference = {...w.sessionContext.kernelPreference, shouldStart: false};
  return true;
}
