// Containers: every container with its state, image, ports, CPU and memory, grouped by compose project.
import {h, api, attempt, badge, bytes, empty, notice, rendered, toast} from './ui.js';
import {watch} from './live.js';

/** The buttons for a container's lifecycle, as on its own page. */
export function actionButtons(c, after) {
  const act = (label, action, cls) => h('button', {
    type: 'button', class: cls || null, 'aria-label': `${label} ${c.name}`,
    onclick: async e => {
      e.target.disabled = true;
      const ok = await attempt(`${label} ${c.name}`, () => action === 'delete'
        ? api('DELETE', `/api/containers/${encodeURIComponent(c.id)}`)
        : api('POST', `/api/containers/${encodeURIComponent(c.id)}/${action}`));
      e.target.disabled = false;
      if (ok) { toast(`${c.name}: ${label.toLowerCase()} done`); if (after) after(action); }
    },
  }, label);
  const running = c.state === 'running', paused = c.state === 'paused';
  return h('div', {class: 'actions'},
    running || paused ? act('Stop', 'stop') : act('Start', 'start', 'primary'),
    act('Restart', 'restart'),
    running ? act('Pause', 'pause') : null,
    paused ? act('Unpause', 'unpause') : null,
    h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${c.name}`, onclick: async e => {
      if (!confirm(`Delete the container ${c.name}? Its files that are not in a volume are lost.`)) return;
      e.target.disabled = true;
      if (await attempt(`Delete ${c.name}`, () => api('DELETE', `/api/containers/${encodeURIComponent(c.id)}`))) {
        toast(`${c.name} deleted`);
        if (after) after('delete');
      }
      e.target.disabled = false;
    }}, 'Delete'));
}

export function portLinks(ports) {
  const published = ports.filter(p => p.hostPort);
  if (!published.length) return '—';
  return h('span', {class: 'ports'}, published.map(p => p.url
    ? h('a', {href: p.url, target: '_blank', rel: 'noopener noreferrer', title: `Open port ${p.hostPort} (container port ${p.containerPort})`}, `${p.hostPort}:${p.containerPort}`)
    : h('span', {}, `${p.hostPort}:${p.containerPort}/${p.type}`)));
}

export function containersPage(main) {
  let rows = null, stats = {}, error = null, filter = '', onlyRunning = false;
  const body = h('div', {});
  const search = h('input', {type: 'search', placeholder: 'Search by name or image', 'aria-label': 'Search containers',
    oninput: e => { filter = e.target.value.toLowerCase(); draw(); }});
  const running = h('input', {type: 'checkbox', id: 'only-running', onchange: e => { onlyRunning = e.target.checked; draw(); }});
  const count = h('p', {class: 'sub'});
  main.append(
    h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Containers'), count),
      h('div', {class: 'toolbar'}, search, h('label', {for: 'only-running'}, running, 'Only running'))),
    body);

  function draw() {
    const focused = document.activeElement && document.activeElement.getAttribute('aria-label');
    paint();
    if (focused && body.contains(document.activeElement) === false) {
      const again = [...body.querySelectorAll('[aria-label]')].find(el => el.getAttribute('aria-label') === focused);
      if (again) again.focus();
    }
  }

  function paintStats() {
    for (const [id, s] of Object.entries(stats)) {
      const cpu = body.querySelector(`[data-cpu="${id}"]`), mem = body.querySelector(`[data-mem="${id}"]`);
      if (cpu) cpu.textContent = `${s.cpu.toFixed(1)} %`;
      if (mem) mem.textContent = bytes(s.mem);
    }
  }

  function paint() {
    if (error && !rows) { body.replaceChildren(notice('error', error)); rendered('containers'); return; }
    if (!rows) return;
    const banner = error ? notice('warn', error) : null;
    if (!rows.length) {
      body.replaceChildren(...[banner, h('div', {class: 'panel'}, empty('No containers yet',
        h('p', {}, 'Run one with ', h('code', {}, 'docker run'), ' in a terminal, or from the ', h('a', {href: '#/images'}, 'Images'), ' page.')))].filter(Boolean));
      count.textContent = '';
      rendered('containers');
      return;
    }
    const shown = rows.filter(c => (!onlyRunning || c.state === 'running')
      && (!filter || c.name.toLowerCase().includes(filter) || c.image.toLowerCase().includes(filter) || c.project.toLowerCase().includes(filter)));
    count.textContent = `${rows.filter(c => c.state === 'running').length} running of ${rows.length}`;
    const tbody = h('tbody', {});
    let project = null;
    for (const c of shown) {
      if (c.project && c.project !== project) {
        const members = shown.filter(x => x.project === c.project);
        tbody.append(h('tr', {class: 'group'}, h('td', {colspan: 7},
          h('span', {}, `Compose project ${c.project}`), ' ',
          h('span', {class: 'sub'}, `(${members.filter(x => x.state === 'running').length} of ${members.length} running)`))));
      }
      project = c.project;
      const s = stats[c.id];
      tbody.append(h('tr', {'data-id': c.id, 'data-name': c.name},
        h('td', {}, h('a', {class: 'name', href: `#/containers/${encodeURIComponent(c.id)}`}, c.name),
          h('div', {class: 'sub mono hide-narrow'}, c.shortId)),
        h('td', {class: 'mono'}, c.image),
        h('td', {}, badge(c.state), h('div', {class: 'sub hide-narrow'}, c.status)),
        h('td', {}, portLinks(c.ports)),
        h('td', {class: 'num', 'data-cpu': c.id}, c.state === 'running' && s ? `${s.cpu.toFixed(1)} %` : '—'),
        h('td', {class: 'num', 'data-mem': c.id}, c.state === 'running' && s ? bytes(s.mem) : '—'),
        h('td', {}, actionButtons(c))));
    }
    const table = h('div', {class: 'table-wrap'}, h('table', {},
      h('caption', {class: 'skip'}, 'Containers'),
      h('thead', {}, h('tr', {}, ['Name', 'Image', 'State', 'Ports', 'CPU', 'Memory', 'Actions'].map(t => h('th', {scope: 'col'}, t)))),
      tbody));
    body.replaceChildren(...[banner, shown.length ? table : h('div', {class: 'panel'}, empty('No container matches', h('p', {}, 'Clear the search or the "Only running" filter.')))].filter(Boolean));
    rendered('containers');
  }

  watch({
    containers: msg => {
      if (msg.data && msg.data.error) { error = msg.data.error; } else { rows = msg.data; error = null; }
      draw();
    },
    'containers:stats': msg => { stats = msg.data; paintStats(); },
  });
}
