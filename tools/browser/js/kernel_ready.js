// True once the current notebook's kernel is connected, idle and named (a real kernel, not "No Kernel").
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const sc = w && w.sessionContext;
  const k = sc && sc.session && sc.session.kernel;
  return !!(k && sc.isReady && k.status === 'idle' && k.connectionStatus === 'connected'
            && sc.kernelDisplayName && sc.kernelDisplayName !== 'No Kernel');
}
