// The dashboard's router: the URL's hash names the page; each page module renders into <main>.
import {containersPage} from './containers.js';
import {containerPage} from './container.js';
import {imagesPage, volumesPage} from './images.js';
import {systemPage} from './system.js';
import {settingsPage} from './settings.js';

const pages = {containers: containersPage, images: imagesPage, volumes: volumesPage, system: systemPage, settings: settingsPage};
let cleanup = null;

function route() {
  const [, page = 'containers', id] = (location.hash || '#/containers').split('/');
  const main = document.getElementById('main');
  if (cleanup) cleanup();
  cleanup = null;
  main.replaceChildren();
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const render = page === 'containers' && id ? () => containerPage(main, decodeURIComponent(id)) : pages[page];
  if (!render) {
    location.hash = '#/containers';
    return;
  }
  cleanup = render(main) || null;
}

window.addEventListener('hashchange', () => {
  route();
  document.getElementById('main').focus({preventScroll: true});
});
route();
