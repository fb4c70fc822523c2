// The example extension's page: one call of Docker Desktop's extension API (window.ddClient) per line of the table.
// Docker Desktop and Berth both put window.ddClient into the page; an extension built with @docker/extension-api-client
// gets the same object from createDDClient().
const dd = window.ddClient;
const results = {image: dd.extension.image};

/** Runs one call, shows what it gave (or why it failed) in the element of that id and keeps it for the JSON. */
async function section(id, call, text) {
  try {
    const value = await call();
    results[id] = value;
    document.getElementById(id).textContent = text(value);
  } catch (e) {
    results[id] = {failed: e.message || e.stderr || JSON.stringify(e)};
    document.getElementById(id).textContent = 'failed: ' + results[id].failed;
  }
}

/** docker ps --all, its output given line by line as the CLI writes it. */
function streamedPs() {
  return new Promise((resolve, reject) => {
    let lines = 0;
    dd.docker.cli.exec('ps', ['--all'], {stream: {splitOutputLines: true,
      onOutput: (o) => { if (o.stdout !== undefined) lines++; },
      onError: reject,
      onClose: (code) => resolve({code, lines})}});
  });
}

document.getElementById('image').textContent = dd.extension.image;
document.getElementById('containers-page').addEventListener('click', () => dd.desktopUI.navigate.viewContainers());
document.getElementById('images-page').addEventListener('click', () => dd.desktopUI.navigate.viewImages());
document.getElementById('volumes-page').addEventListener('click', () => dd.desktopUI.navigate.viewVolumes());
document.getElementById('warn').addEventListener('click', () => dd.desktopUI.toast.warning('this is a warning'));
document.getElementById('fail').addEventListener('click', () => dd.desktopUI.toast.error('this is an error'));
document.getElementById('docs').addEventListener('click',
  () => dd.host.openExternal('https://docs.docker.com/extensions/extensions-sdk/'));

(async () => {
  await section('backend', () => dd.extension.vm.service.get('/hello?from=page'), (h) => `${h.message}, version ${h.version}; Docker Engine ${h.engine}`);
  await section('vm', async () => (await dd.extension.vm.cli.exec('/backend', ['version'])).stdout.trim(), (s) => s);
  await section('host', async () => (await dd.extension.host.cli.exec('hello-host', [])).stdout.trim(), (s) => s);
  await section('containers', async () => (await dd.docker.listContainers({all: true})).length, (n) => `${n} containers`);
  await section('images', async () => (await dd.docker.listImages()).length, (n) => `${n} images`);
  // Docker's own examples quote the format: ddClient takes the quotes off
  await section('cli', async () => (await dd.docker.cli.exec('ps', ['--no-trunc', '--format', '"{{json .}}"'])).parseJsonLines()
    .map((c) => c.Names).sort(), (names) => names.join(', '));
  await section('streamed', streamedPs, (r) => `${r.lines} lines, exit code ${r.code}`);
  document.getElementById('out').textContent = JSON.stringify(results, null, 2);
  if (results.backend && results.backend.message) {
    dd.desktopUI.toast.success(`backend says ${results.backend.message}, version ${results.backend.version}`);
  }
  document.body.dataset.done = 'true';
})();
