// Settings: resources, file shares, the engine's daemon.json, start at login and the dashboard's port, then a section
// for each extension that describes its settings with Metatype.
import {h, api, attempt, notice, rendered, toast} from './ui.js';
import {watch} from './live.js';

const APPLIES = {VM_RESTART: ['vm', 'Needs a VM restart'], NOW: ['now', 'Applies at once'], DASHBOARD: ['vm', 'Moves the dashboard']};

function fieldView(f, reload) {
  const id = `set-${f.key.replace('.', '-')}`;
  const result = h('p', {class: 'result', 'aria-live': 'polite'});
  const current = f.value ?? f.inForce ?? (f.kind === 'bool' && f.defaults === 'true' ? true : null);
  let read;
  let control;
  if (f.kind === 'int') {
    const input = h('input', {type: 'number', id, value: current ?? '', placeholder: 'default', min: '0'});
    control = input;
    read = () => input.value === '' ? null : Number(input.value);
  } else if (f.kind === 'bool') {
    const input = h('input', {type: 'checkbox', id, checked: Boolean(current)});
    control = input;
    read = () => input.checked;
  } else if (f.kind === 'integer' || f.kind === 'decimal' || f.kind === 'text' || f.kind === 'password' || f.kind === 'list') {
    // an extension's field: empty means its default
    const attrs = {id, placeholder: f.defaults ? `default: ${f.defaults}` : 'default'};
    if (f.kind === 'password') Object.assign(attrs, {type: 'password', placeholder: f.isSet ? 'set; type to change' : 'not set'});
    else if (f.kind === 'text' || f.kind === 'list') Object.assign(attrs, {type: 'text', value: Array.isArray(f.value) ? f.value.join(', ') : (f.value ?? '')});
    else Object.assign(attrs, {type: 'number', step: f.kind === 'integer' ? '1' : 'any', value: f.value ?? ''});
    const input = h('input', attrs);
    control = input;
    read = () => input.value.trim() === '' ? null : (f.kind === 'integer' || f.kind === 'decimal' ? Number(input.value) : input.value);
  } else if (f.kind === 'select') {
    const input = h('select', {id}, h('option', {value: ''}, f.defaults ? `Default (${f.defaults})` : 'Default'),
      f.options.map(o => h('option', {value: o.value, selected: f.value !== null && String(f.value) === o.value}, o.label)));
    control = input;
    read = () => input.value === '' ? null : input.value;
  } else if (f.kind === 'json') {
    const input = h('textarea', {id, spellcheck: 'false', placeholder: '{ }'}, f.value || '');
    control = input;
    read = () => {
      const text = input.value.trim();
      if (text) {
        let parsed;
        try { parsed = JSON.parse(text); } catch (e) { throw new Error(`daemon.json is not valid JSON: ${e.message}`); }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('daemon.json must be a JSON object, such as {"debug": true}');
      }
      return text;
    };
  } else {
    const list = h('ul', {class: 'shares', id});
    const add = h('input', {type: 'text', placeholder: '/home/me/code', 'aria-label': 'Folder to share'});
    const item = path => h('li', {'data-path': path}, h('span', {class: 'mono'}, path),
      h('button', {type: 'button', 'aria-label': `Stop sharing ${path}`, onclick: e => e.target.closest('li').remove()}, 'Remove'));
    for (const p of current || []) list.append(item(p));
    control = h('div', {}, list, h('div', {class: 'row'}, add, h('button', {type: 'button', onclick: () => {
      const p = add.value.trim();
      if (p) { list.append(item(p)); add.value = ''; add.focus(); }
    }}, 'Add folder')));
    read = () => [...list.children].map(li => li.dataset.path);
  }
  const save = h('button', {type: 'button', class: 'primary', onclick: async () => {
    result.className = 'result';
    result.textContent = 'Saving…';
    let value;
    try { value = read(); } catch (e) { result.className = 'result bad'; result.textContent = e.message; return; }
    try {
      const res = await api('PUT', '/api/settings', {key: f.key, value});
      result.className = 'result ok';
      result.replaceChildren(res.message.charAt(0).toUpperCase() + res.message.slice(1) + '.');
      if (res.restartNeeded) {
        result.append(' ', h('button', {type: 'button', onclick: async () => {
          if (await attempt('Restart the VM', () => api('POST', '/api/vm/restart'))) toast('The VM is restarting');
        }}, 'Restart the VM now'));
      }
      if (f.key === 'dashboard.port') setTimeout(() => { location.href = `http://${location.hostname}:${value}/`; }, 1500);
    } catch (e) {
      result.className = 'result bad';
      result.textContent = e.message;
    }
  }}, 'Save');
  const [cls, text] = APPLIES[f.applies];
  const label = h('label', {for: f.kind === 'folders' ? null : id}, f.label);
  return h('div', {class: 'field', 'data-key': f.key},
    f.kind === 'folders' ? h('h3', {class: 'label'}, f.label, h('span', {class: `tag ${cls}`}, text)) : h('div', {}, label, h('span', {class: `tag ${cls}`}, text)),
    h('p', {class: 'help'}, f.help, f.inForce !== null && f.inForce !== undefined && f.kind === 'int' ? ` In use now: ${f.inForce}.` : ''),
    h('div', {class: 'row'}, control, save), result);
}

export function settingsPage(main) {
  const body = h('div', {}, h('p', {class: 'sub'}, 'Loading…'));
  const sub = h('p', {class: 'sub'});
  main.append(h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Settings'), sub)), body);
  watch({system: () => {}});
  api('GET', '/api/settings').then(view => {
    sub.replaceChildren('Stored in ', h('span', {class: 'mono'}, view.file), '; you can also change them with ', h('code', {}, 'berth settings'), '.');
    const groups = [['Resources', ['vm.cpus', 'vm.memoryMiB', 'vm.diskGiB']], ['File sharing', ['fileSharing.shares']],
      ['Docker Engine', ['engine.daemonJson']], ['General', ['dashboard.startAtLogin', 'dashboard.port']]];
    const byKey = Object.fromEntries(view.fields.map(f => [f.key, f]));
    body.replaceChildren(view.problem ? notice('error', view.problem) : '',
      ...groups.map(([title, keys]) => h('section', {class: 'panel', 'aria-label': title}, h('h2', {}, title),
        keys.filter(k => byKey[k]).map(k => fieldView(byKey[k])))),
      ...(view.extensions || []).map(s => h('section', {class: 'panel', 'aria-label': s.title, 'data-extension': s.extension, 'data-section': s.section},
        h('h2', {}, s.title, ' ', h('span', {class: 'sub mono'}, `extension ${s.extension}`)),
        s.description ? h('p', {class: 'help'}, s.description) : '', s.fields.map(f => fieldView(f)))));
    rendered('settings');
  }).catch(e => { body.replaceChildren(notice('error', `The settings could not be read: ${e.message}`)); rendered('settings'); });
}
