// The disk usage tab: asks its bundle's handler (api/df, relative to the tab's address) and draws one bar per kind,
// then keeps the chart current through the tab's WebSocket (live), which sends a new measurement every few seconds.
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#7c3aed'];
const SVG = 'http://www.w3.org/2000/svg';

function human(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let n = bytes, i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return i === 0 ? `${bytes} B` : `${n.toPrecision(3)} ${units[i]}`;
}

function el(ns, tag, attrs, text) {
  const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function draw(s) {
  const chart = document.getElementById('chart');
  chart.replaceChildren();
  const max = Math.max(1, ...s.kinds.map(k => k.bytes));
  s.kinds.forEach((k, i) => {
    const y = i * 36 + 4;
    chart.append(el(SVG, 'text', {x: 0, y: y + 18}, k.kind));
    chart.append(el(SVG, 'rect', {x: 120, y, height: 24, rx: 4, fill: COLORS[i % COLORS.length],
      width: Math.max(2, Math.round(k.bytes / max * 320)), 'data-kind': k.kind}));
    chart.append(el(SVG, 'text', {x: 450, y: y + 18}, human(k.bytes)));
  });
  const rows = s.kinds.map(k => {
    const tr = el(null, 'tr', {'data-kind': k.kind});
    tr.append(el(null, 'td', {}, k.kind), el(null, 'td', {class: 'num'}, String(k.count)), el(null, 'td', {class: 'num'}, human(k.bytes)));
    return tr;
  });
  document.querySelector('#kinds tbody').replaceChildren(...rows);
  document.getElementById('largest').replaceChildren(...s.largest.map(i => el(null, 'li', {}, `${i.name}: ${human(i.bytes)}`)));
}

function show(body) {
  const status = document.getElementById('status');
  draw(body);
  status.className = 'sub';
  status.textContent = `Docker uses ${human(body.total)} in the VM, measured at ${new Date().toLocaleTimeString()}.`;
  document.body.dataset.loaded = 'true';
}

function failed(message) {
  const status = document.getElementById('status');
  status.className = 'sub bad';
  status.textContent = `The disk use could not be read: ${message}`;
}

async function load() {
  try {
    const res = await fetch('api/df', {credentials: 'same-origin'});
    const body = await res.json();
    if (!res.ok) throw new Error(body.message || `answered ${res.status}`);
    show(body);
  } catch (e) {
    failed(e.message);
  }
}

let socket = null;

/** Opens the live WebSocket (relative to the tab's address, like api/df); opens it again 5 s after it closed. */
function live() {
  socket = new WebSocket(new URL('live', location.href).href.replace(/^http/, 'ws'));
  socket.onopen = () => { document.body.dataset.live = 'open'; };
  socket.onmessage = e => {
    const body = JSON.parse(e.data);
    if (body.message) failed(body.message); else show(body);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  };
  socket.onclose = () => { document.body.dataset.live = 'closed'; socket = null; setTimeout(live, 5000); };
}

document.getElementById('refresh').addEventListener('click', () => {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send('refresh'); else load();
});
load();
live();
