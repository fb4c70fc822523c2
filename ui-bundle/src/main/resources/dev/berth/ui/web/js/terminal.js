// The terminal tab: xterm.js (shipped in the bundle) bridged to a shell in the container over a WebSocket.
/* global Terminal, FitAddon */

let loading = null;

function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

function loadXterm() {
  if (!loading) loading = script('/vendor/xterm/lib/xterm.js').then(() => script('/vendor/xterm-addon-fit/lib/xterm-addon-fit.js'));
  return loading;
}

/** Opens a terminal in {@code box}; {@code note} hears what happens in words. Returns {alive, focus, dispose}. */
export function openTerminal(box, id, note) {
  let socket = null, term = null, fit = null, alive = true, observer = null;
  const state = {alive: () => alive, focus: () => term && term.focus(), dispose};
  loadXterm().then(() => {
    if (!alive) return;
    term = new Terminal({rendererType: 'dom', cursorBlink: true, fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', fontSize: 14, scrollback: 5000});
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    box.replaceChildren();
    term.open(box);
    fit.fit();
    socket = new WebSocket(`ws://${location.host}/ws/exec/${encodeURIComponent(id)}`);
    socket.binaryType = 'arraybuffer';
    const encoder = new TextEncoder();
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({resize: {cols: term.cols, rows: term.rows}}));
      term.focus();
    });
    socket.addEventListener('message', e => {
      if (typeof e.data === 'string') {
        const msg = JSON.parse(e.data);
        if (msg.error) note(`The terminal could not open: ${msg.error}`);
        if (msg.exit) note('The shell ended. Open the tab again for a new one.');
        return;
      }
      term.write(new Uint8Array(e.data));
    });
    socket.addEventListener('close', () => { alive = false; });
    term.onData(data => { if (socket.readyState === WebSocket.OPEN) socket.send(encoder.encode(data)); });
    term.onResize(size => { if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({resize: size})); });
    observer = new ResizeObserver(() => { if (box.offsetParent) fit.fit(); });
    observer.observe(box);
  }).catch(e => note(`The terminal could not load: ${e.message}`));

  function dispose() {
    alive = false;
    if (observer) observer.disconnect();
    if (socket) socket.close();
    if (term) term.dispose();
  }
  return state;
}
