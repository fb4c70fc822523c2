// The live channel: one WebSocket that carries every topic the current page shows, reconnecting on its own.

const handlers = new Map();
let socket = null;
let topics = [];
let retry = 500;

function status(text, on) {
  const el = document.getElementById('live');
  el.textContent = text;
  el.className = on ? 'live on' : 'live off';
}

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.addEventListener('open', () => {
    retry = 500;
    status('Live', true);
    socket.send(JSON.stringify({subscribe: topics}));
  });
  socket.addEventListener('message', e => {
    const msg = JSON.parse(e.data);
    const fn = handlers.get(msg.topic === 'containerStats' ? 'containers:stats' : msg.topic);
    if (fn) fn(msg);
  });
  socket.addEventListener('close', () => {
    status('Reconnecting…', false);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  });
}

/** Shows exactly these topics: {name: handler}; the previous page's topics end. */
export function watch(map) {
  handlers.clear();
  for (const [k, v] of Object.entries(map)) handlers.set(k, v);
  topics = Object.keys(map).filter(k => !k.endsWith(':stats') && k !== 'stats');
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({subscribe: topics}));
  if (!socket) connect();
}

/** Adds a handler for messages the server sends with a topic the page already watches, such as stats. */
export function also(topic, fn) {
  handlers.set(topic, fn);
}
