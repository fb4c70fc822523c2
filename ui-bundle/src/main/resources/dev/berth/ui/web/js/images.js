// Images (list, size, delete, run with ports and volumes) and Volumes (list, size, delete).
import {h, api, attempt, ago, bytes, dialog, empty, notice, rendered, toast} from './ui.js';
import {watch} from './live.js';

function lines(text) {
  return (text || '').split(/[\n,]+/).map(s => s.trim()).filter(Boolean);
}

async function run(image) {
  const values = await dialog(`Run ${image.tags[0] || image.shortId}`, [
    {name: 'name', label: 'Container name (optional)', placeholder: 'my-web'},
    {name: 'ports', label: 'Ports', placeholder: '8080:80', help: 'HOST:CONTAINER, one per line or separated by commas.', multiline: true},
    {name: 'volumes', label: 'Volumes', placeholder: 'data:/var/lib/data', help: 'NAME:/path or /host/folder:/path, one per line.', multiline: true},
    {name: 'env', label: 'Environment variables', placeholder: 'MODE=production', help: 'NAME=value, one per line.', multiline: true},
  ], 'Run');
  if (!values) return;
  await attempt('Run', async () => {
    const res = await api('POST', '/api/images/run', {image: image.tags[0] || image.id, name: values.name,
      ports: lines(values.ports), volumes: lines(values.volumes), env: lines(values.env)});
    toast('The container started');
    location.hash = `#/containers/${encodeURIComponent(res.id)}`;
  });
}

export function imagesPage(main) {
  const body = h('div', {});
  const sub = h('p', {class: 'sub'});
  main.append(h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Images'), sub)), body);
  watch({images: msg => {
    if (msg.data.error) { body.replaceChildren(notice('error', msg.data.error)); rendered('images'); return; }
    const images = msg.data;
    sub.textContent = images.length ? `${images.length} images, ${bytes(images.reduce((a, i) => a + i.size, 0))} in all` : '';
    if (!images.length) {
      body.replaceChildren(h('div', {class: 'panel'}, empty('No images yet',
        h('p', {}, 'Pull one with ', h('code', {}, 'docker pull'), ', build one with ', h('code', {}, 'docker build'), ', or import one with ', h('code', {}, 'docker import'), '.'))));
      rendered('images');
      return;
    }
    const tbody = h('tbody', {});
    for (const i of images) {
      const label = i.tags[0] || `<none> ${i.shortId}`;
      tbody.append(h('tr', {},
        h('td', {}, h('span', {class: 'name mono'}, i.tags.length ? i.tags.join(', ') : '<none>')),
        h('td', {class: 'mono hide-narrow'}, i.shortId),
        h('td', {class: 'num'}, bytes(i.size)),
        h('td', {class: 'nowrap hide-narrow'}, ago(i.created)),
        h('td', {}, i.containers ? `${i.containers} container${i.containers > 1 ? 's' : ''}` : 'unused'),
        h('td', {}, h('div', {class: 'actions'},
          h('button', {type: 'button', class: 'primary', 'aria-label': `Run ${label}`, onclick: () => run(i)}, 'Run…'),
          h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${label}`, onclick: async () => {
            if (!confirm(`Delete the image ${label}?`)) return;
            if (await attempt(`Delete ${label}`, () => api('DELETE', `/api/images/${encodeURIComponent(i.id)}`))) toast(`${label} deleted`);
          }}, 'Delete')))));
    }
    body.replaceChildren(h('div', {class: 'table-wrap'}, h('table', {},
      h('thead', {}, h('tr', {}, ['Image', 'ID', 'Size', 'Created', 'In use', 'Actions'].map(t => h('th', {scope: 'col'}, t)))), tbody)));
    rendered('images');
  }});
}

export function volumesPage(main) {
  const body = h('div', {});
  main.append(h('div', {class: 'page-head'}, h('div', {class: 'grow'}, h('h1', {}, 'Volumes'),
    h('p', {class: 'sub'}, 'Sizes come from the engine\'s disk usage report and may lag a little.'))), body);
  watch({volumes: msg => {
    if (msg.data.error) { body.replaceChildren(notice('error', msg.data.error)); rendered('volumes'); return; }
    const volumes = msg.data;
    if (!volumes.length) {
      body.replaceChildren(h('div', {class: 'panel'}, empty('No volumes yet',
        h('p', {}, 'Create one with ', h('code', {}, 'docker volume create'), ' or with ', h('code', {}, '-v name:/path'), ' when you run a container.'))));
      rendered('volumes');
      return;
    }
    const tbody = h('tbody', {});
    for (const v of volumes) {
      tbody.append(h('tr', {},
        h('td', {}, h('span', {class: 'name mono'}, v.name), v.project ? h('div', {class: 'sub'}, `Compose project ${v.project}`) : null),
        h('td', {class: 'hide-narrow'}, v.driver),
        h('td', {class: 'num'}, v.size >= 0 ? bytes(v.size) : 'not measured'),
        h('td', {}, v.containers > 0 ? `${v.containers} container${v.containers > 1 ? 's' : ''}` : v.containers === 0 ? 'unused' : '—'),
        h('td', {class: 'nowrap hide-narrow'}, v.created ? new Date(v.created).toLocaleString() : '—'),
        h('td', {}, h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${v.name}`, onclick: async () => {
          if (!confirm(`Delete the volume ${v.name} and all its data?`)) return;
          if (await attempt(`Delete ${v.name}`, () => api('DELETE', `/api/volumes/${encodeURIComponent(v.name)}`))) toast(`${v.name} deleted`);
        }}, 'Delete'))));
    }
    body.replaceChildren(h('div', {class: 'table-wrap'}, h('table', {},
      h('thead', {}, h('tr', {}, ['Volume', 'Driver', 'Size', 'In use', 'Created', 'Actions'].map(t => h('th', {scope: 'col'}, t)))), tbody)));
    rendered('volumes');
  }});
}
