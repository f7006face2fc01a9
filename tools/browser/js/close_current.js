// Close the current notebook without saving and ask the server to shut its kernel down (not awaited).
() => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext) return;
  const session = w.sessionContext.session;
  if (session) window.jupyterapp.serviceManager.sessions.shutdown(session.id).catch(() => undefined);
  w.context.model.dirty = false;
  w.dispose();
  return true;
}
