// Extensions: their tabs in the navigation, each shown in a frame under /extensions/<id>/, and the page listing them.
import {h, api, attempt, badge, empty, notice, rendered, toast} from './ui.js';
import {watch} from './live.js';
import {bridge} from './ddbridge.js';

let shown = '';
/** The tabs last read, by id, so that a tab's page knows whether it is a Docker Desktop-format extension's. */
let known = new Map();
/** The Docker Desktop-format tab on screen, so that an update of its extension loads its page again. */
let shownDocker = null;

/** Puts the extensions' tabs into the navigation, before the Extensions entry; asks again every second. */
export function watchTabs(onChange) {
  const refresh = async () => {
    let tabs = [];
    try { tabs = (await api('GET', '/api/extensions')).tabs; } catch (e) { return; }
    known = new Map(tabs.map(t => [t.id, t]));
    if (shownDocker && known.has(shownDocker.id)) shownDocker.check(known.get(shownDocker.id));
    const key = JSON.stringify(tabs);
    if (key === shown) return;
    shown = key;
    const nav = document.querySelector('.nav');
    for (const li of nav.querySelectorAll('li[data-ext]')) li.remove();
    const before = nav.querySelector('a[data-page="extensions"]').parentElement;
    for (const t of tabs) {
      before.before(h('li', {'data-ext': t.id}, h('a', {href: `#/ext/${encodeURIComponent(t.id)}`, 'data-page': `ext/${t.id}`, title: `${t.title} (extension ${t.bundle})`}, t.title)));
    }
    onChange();
  };
  refresh();
  setInterval(refresh, 1000);
}

/** One extension's tab: its own page in a frame, so the dashboard's navigation stays. */
export function tabPage(main, id) {
  const tab = known.get(id);
  if (tab && tab.docker) return dockerTabPage(main, id, tab);
  if (!tab && id.startsWith('dd-')) {
    // the tab list was not read yet (the page was opened at this address): read it, then show the tab
    let stop = null;
    api('GET', '/api/extensions').then(view => {
      known = new Map(view.tabs.map(t => [t.id, t]));
      if (location.hash === `#/ext/${encodeURIComponent(id)}`) stop = tabPage(main, id);
    });
    return () => stop && stop();
  }
  const frame = h('iframe', {class: 'ext-frame', src: `/extensions/${encodeURIComponent(id)}/`, title: `Extension tab ${id}`, 'data-ext': id});
  main.append(frame);
  watch({});
  rendered(`ext/${id}`);
}

/**
 * A Docker Desktop-format extension's tab: its page comes from an origin of its own, in a sandboxed frame (scripts,
 * forms and pop-ups, but never the dashboard's origin, cookie or token), and its ddClient calls come here.
 */
function dockerTabPage(main, id, tab) {
  const frame = h('iframe', {class: 'ext-frame', src: tab.url, title: `Extension ${tab.title}`, 'data-ext': id,
    sandbox: 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads allow-modals',
    referrerpolicy: 'no-referrer'});
  let stop = bridge(frame, tab);
  main.append(frame);
  // an update (berth extension update) installed another version: its page, with a bridge of its own
  const shown = {id, check: (now) => {
    if (now.installed === tab.installed && now.bundle === tab.bundle) return;
    stop();
    tab = now;
    stop = bridge(frame, tab);
    frame.src = tab.url;
  }};
  shownDocker = shown;
  watch({});
  rendered(`ext/${id}`);
  return () => {
    if (shownDocker === shown) shownDocker = null;
    stop();
  };
}

/** What installing means; the page says it before anything is installed, as berth extension install does. */
const RIGHTS = 'Extensions run inside Berth with Berth\'s rights: they can read your files, run programs and use the Docker Engine as you. Install only extensions you trust.';

/** Asks before installing: resolves true only when the user chose to install. */
function confirmInstall(fileName) {
  return new Promise(resolve => {
    const dlg = h('dialog', {'aria-labelledby': 'install-title', class: 'install-confirm'});
    dlg.append(h('form', {method: 'dialog'}, h('h2', {id: 'install-title'}, `Install ${fileName}?`),
      h('p', {class: 'notice warn'}, RIGHTS),
      h('div', {class: 'actions'},
        h('button', {type: 'button', onclick: () => dlg.close('cancel')}, 'Cancel'),
        h('button', {type: 'submit', value: 'ok', class: 'danger', 'data-action': 'install'}, 'Install with Berth\'s rights'))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(dlg.returnValue === 'ok'); });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** Sends a bundle jar to the daemon, which installs it as berth extension install does; the answer's sentence, or an Error. */
async function upload(file) {
  const res = await fetch(`/api/extensions?confirm=yes&name=${encodeURIComponent(file.name)}`, {
    method: 'POST', headers: {'Content-Type': 'application/java-archive'}, body: file, credentials: 'same-origin'});
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 413) throw new Error(`${file.name} is too large to upload; install it with berth extension install`);
  if (!res.ok) throw new Error(data && data.message ? data.message : `the dashboard answered ${res.status}`);
  return data.message;
}

/** The install control: a file input for a bundle jar, asked about before it is sent. */
function installer(reload) {
  const result = h('p', {class: 'result', id: 'install-result', 'aria-live': 'polite'});
  const input = h('input', {type: 'file', id: 'extension-jar', accept: '.jar,application/java-archive'});
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    const yes = await confirmInstall(file.name);
    input.value = '';
    if (!yes) { result.className = 'result'; result.textContent = 'Nothing was installed.'; return; }
    result.className = 'result';
    result.textContent = `Installing ${file.name}…`;
    try {
      const message = await upload(file);
      result.className = 'result ok';
      result.textContent = `Installed: ${message}.`;
      toast(`Installed: ${message}`);
    } catch (e) {
      result.className = 'result bad';
      result.textContent = `Install failed: ${e.message}`;
    }
    reload();
  });
  return h('section', {class: 'panel', 'aria-label': 'Install an extension'}, h('h2', {}, 'Install an extension'),
    h('div', {class: 'row'}, h('label', {for: 'extension-jar', style: 'margin-right: .75rem'}, 'Bundle jar'), input),
    h('p', {class: 'help'}, RIGHTS, ' A jar with the symbolic name of an installed extension updates it.'), result);
}

export function extensionsPage(main) {
  const body = h('div', {}, h('p', {class: 'sub'}, 'Loading…'));
  let show;
  const load = () => api('GET', '/api/extensions').then(view => show(view))
    .catch(e => { body.replaceChildren(notice('error', `The extensions could not be read: ${e.message}`)); rendered('extensions'); });
  main.append(h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Extensions'),
    h('p', {class: 'sub'}, 'Extensions are OSGi bundles that run inside Berth with Berth\'s rights. Install one here, with ',
      h('code', {}, 'berth extension install FILE.jar'), ' or by copying it into the extensions folder; it starts within seconds. ',
      'Docker Desktop extension images install with ', h('code', {}, 'berth extension install IMAGE'), '.'))), installer(load), body);
  watch({});
  show = view => {
    if (!view.available) { body.replaceChildren(notice('error', 'The extensions bundle is not running.')); rendered('extensions'); return; }
    if (!view.extensions.length && !view.docker.length) {
      body.replaceChildren(empty('No extensions installed', h('p', {}, 'Copy a bundle jar into ', h('code', {}, view.folder), '.')));
      rendered('extensions');
      return;
    }
    const rows = view.extensions.map(e => h('tr', {'data-name': e.name},
      h('td', {class: 'name'}, h('strong', {}, e.title), h('div', {class: 'sub mono'}, e.name)),
      h('td', {}, e.version), h('td', {}, badge(e.state === 'active' ? 'running' : e.state), ' ', e.state),
      h('td', {class: 'reason'}, e.reason || (e.tabs && e.tabs.length ? h('a', {href: `#/ext/${e.tabs[0]}`}, 'Open its tab') : '')),
      h('td', {class: 'mono'}, e.origin),
      h('td', {}, h('button', {type: 'button', class: 'danger', 'aria-label': `Remove ${e.name}`, onclick: async () => {
        if (await attempt(`Removing ${e.name}`, () => api('DELETE', `/api/extensions/${encodeURIComponent(e.name)}`))) {
          toast(`${e.title} removed`);
          setTimeout(load, 1500);
        }
      }}, 'Remove'))));
    const images = view.docker.map(e => h('tr', {'data-name': e.id, 'data-docker': e.image},
      h('td', {class: 'name'}, h('strong', {}, e.title), h('div', {class: 'sub mono'}, e.id)),
      h('td', {}, 'image'), h('td', {}, badge(e.state === 'active' ? 'running' : e.state), ' ', e.state),
      h('td', {class: 'reason'}, e.reason || (e.url ? h('a', {href: `#/ext/dd-${e.id}`}, 'Open its tab') : '')),
      h('td', {class: 'mono'}, e.image),
      h('td', {}, h('button', {type: 'button', class: 'danger', 'aria-label': `Remove ${e.id}`, onclick: async () => {
        if (await attempt(`Removing ${e.id}`, () => api('DELETE', `/api/extensions/${encodeURIComponent(e.id)}`))) {
          toast(`${e.title} removed`);
          setTimeout(load, 500);
        }
      }}, 'Remove'))));
    body.replaceChildren(h('p', {class: 'sub'}, 'Folder: ', h('span', {class: 'mono'}, view.folder)),
      h('div', {class: 'table-wrap'}, h('table', {class: 'extensions'},
        h('thead', {}, h('tr', {}, ['Extension', 'Version', 'State', 'Details', 'Installed from', ''].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows, images))));
    rendered('extensions');
  };
  load();
  const timer = setInterval(load, 3000);
  return () => clearInterval(timer);
}
