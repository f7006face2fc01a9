// What is wrong in the current notebook's outputs: errors, stderr, widgets that did not render.
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    const outputs = c.model.outputs;
    for (let j = 0; j < outputs.length; j++) {
      const o = outputs.get(j).toJSON();
      if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.push(`cell ${i} stderr: ${String(o.text).slice(0, 200)}`);
    }
    const text = c.node.innerText || '';
    for (const bad of ['Error displaying widget', 'model not found', 'Failed to load model class']) {
      if (text.includes(bad)) out.push(`cell ${i}: ${bad}`);
    }
  });
  return out;
}
