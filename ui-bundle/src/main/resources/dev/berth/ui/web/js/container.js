// One container: its state and actions, and tabs for live logs, inspect, a stats chart and a terminal.
import {h, badge, bytes, empty, notice, rendered} from './ui.js';
import {watch} from './live.js';
import {actionButtons, portLinks} from './containers.js';
import {openTerminal} from './terminal.js';
import {StatsChart} from './chart.js';

const MAX_LINES = 5000;

export function containerPage(main, id) {
  let info = null, terminal = null, tab = 'logs';
  const head = h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Container'), h('p', {class: 'sub'}, id)));
  const tabs = h('div', {class: 'tabs', role: 'tablist', 'aria-label': 'Container views'});
  const panels = {};
  const views = [['logs', 'Logs'], ['inspect', 'Inspect'], ['stats', 'Stats'], ['terminal', 'Terminal']];
  for (const [key, label] of views) {
    panels[key] = h('section', {id: `panel-${key}`, role: 'tabpanel', 'aria-labelledby': `tab-${key}`, hidden: key !== tab});
    tabs.append(h('button', {type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': `panel-${key}`,
      'aria-selected': String(key === tab), tabindex: key === tab ? '0' : '-1', onclick: () => select(key),
      onkeydown: e => {
        const i = views.findIndex(v => v[0] === key);
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next = views[(i + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length][0];
          select(next);
          document.getElementById(`tab-${next}`).focus();
        }
      }}, label));
  }
  const banner = h('div', {});
  main.append(h('p', {}, h('a', {href: '#/containers'}, '← All containers')), head, banner, tabs, ...Object.values(panels));

  // Logs
  const log = h('div', {class: 'log', role: 'log', 'aria-label': 'Container log', tabindex: '0'});
  const follow = h('input', {type: 'checkbox', id: 'follow', checked: true});
  const times = h('input', {type: 'checkbox', id: 'times', onchange: () => log.querySelectorAll('.t').forEach(t => t.hidden = !times.checked)});
  const matches = h('span', {class: 'sub', 'aria-live': 'polite'});
  let query = '';
  const search = h('input', {type: 'search', placeholder: 'Search the log', 'aria-label': 'Search the log', oninput: e => {
    query = e.target.value;
    for (const line of log.children) mark(line);
    count();
  }});
  panels.logs.append(h('div', {class: 'toolbar'}, search, matches,
    h('label', {for: 'follow'}, follow, 'Follow'), h('label', {for: 'times'}, times, 'Timestamps'),
    h('button', {type: 'button', onclick: () => { log.replaceChildren(); count(); }}, 'Clear view')), log);
  log.append(h('span', {class: 'l n'}, 'Waiting for the log…'));
  let waiting = true;

  function mark(line) {
    const text = line.dataset.text || '';
    const msg = line.querySelector('.m');
    if (!msg) return;
    if (!query) { msg.textContent = text; line.classList.remove('hidden'); return; }
    const at = text.toLowerCase().indexOf(query.toLowerCase());
    line.classList.toggle('hidden', at < 0);
    if (at >= 0) msg.replaceChildren(text.slice(0, at), h('mark', {}, text.slice(at, at + query.length)), text.slice(at + query.length));
  }
  function count() {
    matches.textContent = query ? `${log.querySelectorAll('.l:not(.hidden)').length} matching lines` : '';
  }
  function addLines(lines) {
    if (waiting) { log.replaceChildren(); waiting = false; }
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    for (const l of lines) {
      const line = h('span', {class: l.s === 2 ? 'l e' : l.s === 0 ? 'l n' : 'l', 'data-text': l.text},
        h('span', {class: 't', hidden: !times.checked}, l.time ? l.time.replace('T', ' ').slice(0, 23) : ''), h('span', {class: 'm'}, l.text));
      mark(line);
      log.append(line);
    }
    while (log.children.length > MAX_LINES) log.firstChild.remove();
    if (query) count();
    if (follow.checked && (atBottom || lines.length)) log.scrollTop = log.scrollHeight;
  }

  // Inspect
  const inspect = h('pre', {class: 'json', tabindex: '0', 'aria-label': 'Inspect output'}, 'Loading…');
  panels.inspect.append(inspect);

  // Stats
  const chart = new StatsChart();
  const current = h('p', {class: 'legend'});
  panels.stats.append(h('h2', {}, 'CPU and memory over the last two minutes'), current, chart.element,
    h('p', {class: 'sub'}, 'CPU is a percentage of one CPU; memory excludes the page cache, as docker stats counts it.'));

  // Terminal
  const termBox = h('div', {class: 'term'});
  const termNote = h('p', {class: 'sub', 'aria-live': 'polite'});
  panels.terminal.append(termNote, termBox);

  function select(key) {
    tab = key;
    for (const [k] of views) {
      const b = document.getElementById(`tab-${k}`);
      b.setAttribute('aria-selected', String(k === key));
      b.tabIndex = k === key ? 0 : -1;
      panels[k].hidden = k !== key;
    }
    if (key === 'terminal') startTerminal();
    if (key === 'logs' && follow.checked) log.scrollTop = log.scrollHeight;
  }

  function startTerminal() {
    if (terminal && terminal.alive()) { terminal.focus(); return; }
    if (info && !info.State.Running) {
      termNote.textContent = 'The container is not running: start it to open a terminal.';
      return;
    }
    termNote.textContent = 'A shell in the container (bash where the image has it, else sh). It ends when you type exit.';
    if (terminal) terminal.dispose();
    terminal = openTerminal(termBox, id, text => { termNote.textContent = text; });
  }

  function drawHead() {
    const name = info.Name.replace(/^\//, '');
    const ports = [];
    for (const [key, binds] of Object.entries(info.NetworkSettings.Ports || {})) {
      const [port, type] = key.split('/');
      for (const b of binds || []) ports.push({containerPort: +port, type, hostPort: +b.HostPort, url: type === 'tcp' ? `http://localhost:${b.HostPort}/` : null});
    }
    const state = info.State.Status;
    const unique = ports.filter((p, i) => ports.findIndex(q => q.hostPort === p.hostPort && q.type === p.type) === i);
    head.replaceChildren(
      h('div', {class: 'grow'}, h('h1', {}, name, ' ', badge(state)),
        h('p', {class: 'sub'}, 'Image ', h('span', {class: 'mono'}, info.Config.Image), ' · ports ', portLinks(unique))),
      actionButtons({id: info.Id, name, state}, action => { if (action === 'delete') location.hash = '#/containers'; }));
    inspect.textContent = JSON.stringify(info, null, 2);
    rendered('container');
  }

  watch({
    [`container:${id}`]: msg => {
      if (msg.data && msg.data.error) {
        banner.replaceChildren(notice('error', msg.data.error));
        if (!info) head.replaceChildren(h('div', {class: 'grow'}, h('h1', {}, 'Container not available')));
        inspect.textContent = msg.data.error;
        rendered('container');
        return;
      }
      banner.replaceChildren();
      info = msg.data;
      drawHead();
      if (tab === 'terminal' && (!terminal || !terminal.alive())) startTerminal();
    },
    [`logs:${id}`]: msg => addLines(msg.lines),
    stats: msg => {
      chart.add(msg.data);
      const s = msg.data;
      current.replaceChildren(h('span', {class: 'cpu'}, `CPU ${s.cpu.toFixed(1)} %`),
        h('span', {class: 'mem'}, `Memory ${bytes(s.mem)}${s.memLimit ? ' of ' + bytes(s.memLimit) : ''}`),
        h('span', {}, `Network in ${bytes(s.netRx)}, out ${bytes(s.netTx)}`));
    },
  });
  return () => { if (terminal) terminal.dispose(); };
}
