// Small helpers shared by every page: DOM building (never innerHTML with data), API calls, formatting, toasts.

/** Builds an element: h('a', {href: '#'}, 'text', child). Attributes starting with "on" become listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Calls the dashboard's API; throws an Error with the server's sentence when it fails. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : {'Content-Type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) throw new Error((data && data.message) || `the dashboard answered ${res.status}`);
  return data;
}

export function bytes(n) {
  if (n === null || n === undefined || n < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const d = Math.floor(seconds / 86400), hr = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  if (d) return `${d} d ${hr} h`;
  if (hr) return `${hr} h ${m} min`;
  if (m) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}

export function ago(epochSeconds) {
  if (!epochSeconds) return '—';
  return duration(Date.now() / 1000 - epochSeconds) + ' ago';
}

export function badge(state) {
  return h('span', {class: `badge ${state}`}, state);
}

export function toast(text, bad) {
  const t = h('div', {class: bad ? 'toast bad' : 'toast'}, text);
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), bad ? 8000 : 4000);
}

/** Runs an action, showing its failure in words; returns whether it worked. */
export async function attempt(what, fn) {
  try {
    await fn();
    return true;
  } catch (e) {
    toast(`${what} failed: ${e.message}`, true);
    return false;
  }
}

export function notice(kind, ...content) {
  return h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null}, ...content);
}

export function empty(title, ...text) {
  return h('div', {class: 'empty'}, h('strong', {}, title), ...text);
}

/** A modal dialog; resolves with the form's values, or null when cancelled. */
export function dialog(title, fields, submitLabel, danger) {
  return new Promise(resolve => {
    const inputs = {};
    const rows = fields.map(f => {
      const id = `dlg-${f.name}`;
      const input = f.multiline
        ? h('textarea', {id, name: f.name, placeholder: f.placeholder || '', rows: 3}, f.value || '')
        : h('input', {id, name: f.name, type: 'text', value: f.value || '', placeholder: f.placeholder || '', autocomplete: 'off'});
      inputs[f.name] = input;
      return h('div', {class: 'form-row'}, h('label', {for: id}, f.label), input, f.help ? h('span', {class: 'sub'}, f.help) : null);
    });
    const dlg = h('dialog', {'aria-labelledby': 'dlg-title'});
    const form = h('form', {method: 'dialog'},
      h('h2', {id: 'dlg-title'}, title), ...rows,
      h('div', {class: 'actions'},
        h('button', {type: 'button', onclick: () => dlg.close('cancel')}, 'Cancel'),
        h('button', {type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary'}, submitLabel)));
    dlg.append(form);
    dlg.addEventListener('close', () => {
      const values = {};
      for (const [k, el] of Object.entries(inputs)) values[k] = el.value;
      dlg.remove();
      resolve(dlg.returnValue === 'ok' ? values : null);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** Marks the first meaningful render of a page (data or an empty state or an error shown) for timing. */
export function rendered(page) {
  window.berthRenders = window.berthRenders || {};
  if (window.berthRenders[page] === undefined) {
    window.berthRenders[page] = performance.now();
    performance.mark(`berth-rendered-${page}`);
  }
}
