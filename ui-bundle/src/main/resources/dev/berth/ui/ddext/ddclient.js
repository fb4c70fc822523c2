// window.ddClient for a Docker Desktop-format extension's page, which runs in a sandboxed frame of its own origin.
// Every call goes by postMessage to the dashboard page around it, which checks that it comes from this frame and does
// only what this extension may: the page itself holds no token and reaches neither the dashboard nor the engine.
(() => {
  'use strict';
  const pending = new Map();
  const streams = new Map();
  let next = 1;

  window.addEventListener('message', (event) => {
    // answers come only from the dashboard that framed this page
    if (event.source !== window.parent) return;
    const m = event.data;
    if (m && m.berthDd === 1 && m.event && streams.has(m.id)) {
      streams.get(m.id)(m.event);
      return;
    }
    if (!m || m.berthDd !== 1 || !pending.has(m.id)) return;
    const {resolve, reject} = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) resolve(m.result);
    else reject(Object.assign(new Error(m.error && m.error.message || 'the call failed'), m.error || {}));
  });

  function call(name, ...args) {
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, {resolve, reject});
      // the dashboard's origin differs from this page's: it checks our origin and frame, we check its window
      window.parent.postMessage({berthDd: 1, id, call: name, args: JSON.parse(JSON.stringify(args))}, '*');
    });
  }

  function execResult(r) {
    const stdout = r.stdout || '';
    const stderr = r.stderr || '';
    return {
      cmd: r.cmd, code: r.code, stdout, stderr, killed: false, signal: undefined,
      lines: () => stdout.split('\n').filter(l => l.length > 0),
      parseJsonLines: () => stdout.split('\n').filter(l => l.trim().length > 0).map(l => JSON.parse(l)),
      parseJsonObject: () => JSON.parse(stdout),
    };
  }

  // A streamed command: output as it comes (whole lines with splitOutputLines), then onClose with the exit code.
  function stream(kind, cmd, args, s) {
    const id = next++;
    const rest = {stdout: '', stderr: ''};
    const output = (key, text) => {
      if (!s.onOutput) return;
      if (!s.splitOutputLines) { s.onOutput({[key]: text}); return; }
      const lines = (rest[key] + text).split('\n');
      rest[key] = lines.pop();
      for (const line of lines) s.onOutput({[key]: line});
    };
    streams.set(id, (e) => {
      if (e.stdout !== undefined) output('stdout', e.stdout);
      else if (e.stderr !== undefined) output('stderr', e.stderr);
      else {
        streams.delete(id);
        for (const key of ['stdout', 'stderr']) if (s.splitOutputLines && rest[key] && s.onOutput) s.onOutput({[key]: rest[key]});
        if (e.exit !== undefined) { if (s.onClose) s.onClose(e.exit); }
        else if (s.onError) s.onError(new Error(e.error || 'the command stopped'));
      }
    });
    window.parent.postMessage({berthDd: 1, id, call: kind, args: JSON.parse(JSON.stringify([cmd, args || []])), stream: true}, '*');
    return {close: () => window.parent.postMessage({berthDd: 1, id, close: true}, '*')};
  }

  async function exec(kind, cmd, args, options) {
    if (options && options.stream) return stream(kind, cmd, args, options.stream);
    const r = execResult(await call(kind, cmd, args || []));
    // Docker Desktop rejects a failed command with its result
    if (r.code !== 0) throw r;
    return r;
  }

  const service = {
    get: (url) => call('extension.vm.service', 'GET', url),
    delete: (url) => call('extension.vm.service', 'DELETE', url),
    head: (url) => call('extension.vm.service', 'HEAD', url),
    post: (url, data) => call('extension.vm.service', 'POST', url, data),
    put: (url, data) => call('extension.vm.service', 'PUT', url, data),
    patch: (url, data) => call('extension.vm.service', 'PATCH', url, data),
    request: (c) => call('extension.vm.service', (c.method || 'GET').toUpperCase(), c.url, c.data),
  };
  const navigate = {};
  for (const n of ['viewContainers', 'viewContainer', 'viewContainerLogs', 'viewContainerInspect', 'viewContainerTerminal',
    'viewContainerStats', 'viewImages', 'viewImage', 'viewVolumes', 'viewVolume', 'viewDevEnvironments']) {
    navigate[n] = (...a) => call('desktopUI.navigate.' + n, ...a);
  }
  const toast = {
    success: (msg) => { call('desktopUI.toast.success', String(msg)); },
    warning: (msg) => { call('desktopUI.toast.warning', String(msg)); },
    error: (msg) => { call('desktopUI.toast.error', String(msg)); },
  };
  const docker = {
    cli: {exec: (cmd, args, options) => exec('docker.cli.exec', cmd, args, options)},
    listContainers: (options) => call('docker.listContainers', options || {}),
    listImages: (options) => call('docker.listImages', options || {}),
  };
  const unsupported = (name) => () => Promise.reject(new Error(name + ' is not supported by Berth yet'));
  const platform = (navigator.userAgentData && navigator.userAgentData.platform || navigator.platform || '').toLowerCase();
  window.ddClient = {
    docker,
    extension: {
      vm: {service, cli: {exec: (cmd, args, options) => exec('extension.vm.cli.exec', cmd, args, options)}},
      host: {cli: {exec: (cmd, args, options) => exec('extension.host.cli.exec', cmd, args, options)}},
      image: /*image*/'',
    },
    desktopUI: {toast, navigate, dialog: {showOpenDialog: unsupported('desktopUI.dialog.showOpenDialog')}},
    host: {
      openExternal: (url) => { call('host.openExternal', String(url)); },
      platform: platform.includes('mac') ? 'darwin' : platform.includes('win') ? 'win32' : 'linux',
      arch: 'x64',
      hostname: location.hostname,
    },
    // the names of Docker Desktop's first API, still used by older extensions
    listContainers: (o) => docker.listContainers(o),
    listImages: (o) => docker.listImages(o),
    toastSuccess: toast.success, toastWarning: toast.warning, toastError: toast.error,
    openExternal: (url) => { call('host.openExternal', String(url)); },
  };
})();
