// The VM and Berth: state, accelerator, uptime, CPU, memory and disk use, every subsystem, and troubleshooting.
import {h, api, attempt, badge, bytes, dialog, duration, notice, rendered, toast} from './ui.js';
import {watch} from './live.js';

function meter(used, total) {
  if (!total || used === undefined) return null;
  const pct = Math.min(100, Math.round(used / total * 100));
  return h('div', {class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct),
    'aria-label': `${pct} percent`}, h('span', {style: `width: ${pct}%`}));
}

function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(p => p[1] !== null && p[1] !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function systemPage(main) {
  const op = h('div', {'aria-live': 'polite'});
  const vmBox = h('section', {class: 'panel', 'aria-labelledby': 'vm-h'});
  const berthBox = h('section', {class: 'panel', 'aria-labelledby': 'berth-h'});
  const subsystems = h('section', {class: 'panel', 'aria-labelledby': 'sub-h'});
  const restart = h('button', {type: 'button', onclick: async () => {
    if (await attempt('Restart the VM', () => api('POST', '/api/vm/restart'))) toast('The VM is restarting; containers stop and start with it');
  }}, 'Restart the VM');
  const reset = h('button', {type: 'button', class: 'danger', onclick: async () => {
    const v = await dialog('Reset to factory defaults', [{name: 'confirm', label: 'Type reset to confirm',
      help: 'This deletes every image, container and volume and restores the default settings. It cannot be undone.'}], 'Reset', true);
    if (!v) return;
    if (v.confirm !== 'reset') { toast('Nothing was reset: type the word reset to confirm', true); return; }
    if (await attempt('Reset', () => api('POST', '/api/reset', {confirm: 'reset'}))) toast('Resetting to factory defaults');
  }}, 'Reset to factory defaults…');
  const troubleshoot = h('section', {class: 'panel', 'aria-labelledby': 'trouble-h'},
    h('h2', {id: 'trouble-h'}, 'Troubleshoot'),
    h('p', {class: 'sub'}, 'Restarting the VM stops every container. A diagnostics bundle holds logs and settings with passwords, tokens and keys removed.'),
    h('div', {class: 'actions'}, restart, h('a', {class: 'button', href: '/api/diagnostics', download: ''}, 'Download diagnostics'), reset));
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'VM & Berth')), op,
    h('div', {class: 'grid'}, vmBox, berthBox), troubleshoot, subsystems);

  watch({system: msg => {
    const s = msg.data, vm = s.vm;
    op.replaceChildren(s.operation ? notice(s.operation.includes('failed') ? 'error' : 'info', s.operation) : '');
    restart.disabled = reset.disabled = Boolean(s.operation) && !s.operation.includes('failed');
    const mem = vm.memoryUsedMiB !== undefined && vm.memoryMiB ? [`${vm.memoryUsedMiB} MiB of ${vm.memoryMiB} MiB`, meter(vm.memoryUsedMiB, vm.memoryMiB)] : vm.memoryMiB ? `${vm.memoryMiB} MiB` : null;
    const disk = vm.dockerDisk && vm.diskBytes ? [`${bytes(vm.dockerDisk.total)} used by Docker of ${bytes(vm.diskBytes)}`, meter(vm.dockerDisk.total, vm.diskBytes),
      h('div', {class: 'sub'}, `images ${bytes(vm.dockerDisk.images)}, containers ${bytes(vm.dockerDisk.containers)}, volumes ${bytes(vm.dockerDisk.volumes)}, build cache ${bytes(vm.dockerDisk.buildCache)}`)]
      : vm.diskBytes ? bytes(vm.diskBytes) : null;
    vmBox.replaceChildren(h('h2', {id: 'vm-h'}, 'Virtual machine ', badge(vm.state)),
      vm.detail ? h('p', {class: 'sub'}, vm.detail) : '',
      facts([
        ['Accelerator', vm.accelerator ? `${vm.accelerator}${vm.accelerator === 'tcg' ? ' (emulated: slower than with hardware virtualization)' : ''}` : null],
        ['Hypervisor', vm.hypervisor], ['Uptime', vm.uptimeSeconds !== undefined ? duration(vm.uptimeSeconds) : null],
        ['CPUs', vm.cpus], ['CPU use', vm.cpuPercent !== undefined ? `${vm.cpuPercent.toFixed(0)} % of one host CPU` : null],
        ['Memory', mem], ['Disk', disk]]));
    berthBox.replaceChildren(h('h2', {id: 'berth-h'}, 'Berth'), facts([
      ['Version', s.daemon.version], ['Daemon', `pid ${s.daemon.pid}`], ['Uptime', duration(s.daemon.uptimeSeconds)], ['Home', h('span', {class: 'mono'}, s.daemon.home)],
      ['Extensions', s.extensions.length ? s.extensions.map(e => `${e.title} ${e.version}`).join(', ') : 'none installed']]));
    const tbody = h('tbody', {}, s.subsystems.map(x => h('tr', {},
      h('td', {class: 'name'}, x.name), h('td', {}, badge(x.state)),
      h('td', {}, x.detail || Object.entries(x.facts || {}).map(([k, v]) => `${k}=${v}`).join('  ')))));
    subsystems.replaceChildren(h('h2', {id: 'sub-h'}, 'Subsystems'), h('div', {class: 'table-wrap'}, h('table', {},
      h('thead', {}, h('tr', {}, ['Subsystem', 'State', 'Details'].map(t => h('th', {scope: 'col'}, t)))), tbody)));
    rendered('system');
  }});
}
