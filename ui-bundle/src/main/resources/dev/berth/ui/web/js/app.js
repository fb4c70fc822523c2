// The dashboard's router: the URL's hash names the page; each page module renders into <main>.
import {containersPage} from './containers.js';
import {containerPage} from './container.js';
import {imagesPage, volumesPage} from './images.js';
import {systemPage} from './system.js';
import {settingsPage} from './settings.js';
import {extensionsPage, tabPage, watchTabs} from './extensions.js';

const pages = {containers: containersPage, images: imagesPage, volumes: volumesPage, system: systemPage, settings: settingsPage,
  extensions: extensionsPage};
let cleanup = null;

function route() {
  const [, page = 'containers', id] = (location.hash || '#/containers').split('/');
  const main = document.getElementById('main');
  if (cleanup) cleanup();
  cleanup = null;
  main.replaceChildren();
  markCurrent();
  const render = page === 'containers' && id ? () => containerPage(main, decodeURIComponent(id))
    : page === 'ext' && id ? () => tabPage(main, decodeURIComponent(id)) : pages[page];
  if (!render) {
    location.hash = '#/containers';
    return;
  }
  cleanup = render(main) || null;
}

/** Marks the navigation entry of the page shown, an extension's tab included. */
function markCurrent() {
  const [, page = 'containers', id] = (location.hash || '#/containers').split('/');
  const current = page === 'ext' && id ? `ext/${decodeURIComponent(id)}` : page;
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.page === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

window.addEventListener('hashchange', () => {
  route();
  document.getElementById('main').focus({preventScroll: true});
});
route();
watchTabs(markCurrent);
