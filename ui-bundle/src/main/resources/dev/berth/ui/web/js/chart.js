// A small SVG line chart of CPU and memory samples over time; no chart library needed.
const NS = 'http://www.w3.org/2000/svg';
const KEEP = 120;

function el(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export class StatsChart {
  constructor() {
    this.samples = [];
    this.element = el('svg', {class: 'chart', viewBox: '0 0 600 200', preserveAspectRatio: 'none', role: 'img',
      'aria-label': 'CPU and memory over time'});
    this.empty = el('text', {x: 300, y: 100, 'text-anchor': 'middle'});
    this.empty.textContent = 'Samples appear while the container runs.';
    this.cpu = el('polyline', {class: 'cpu', points: ''});
    this.mem = el('polyline', {class: 'mem', points: ''});
    this.cpuScale = el('text', {x: 6, y: 14});
    this.memScale = el('text', {x: 594, y: 14, 'text-anchor': 'end'});
    this.element.append(el('line', {class: 'axis', x1: 0, y1: 190, x2: 600, y2: 190}), this.cpu, this.mem, this.empty,
      this.cpuScale, this.memScale);
  }

  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > KEEP) this.samples.shift();
    this.empty.textContent = '';
    const maxCpu = Math.max(5, ...this.samples.map(s => s.cpu)) * 1.25;
    const maxMem = Math.max(1048576, ...this.samples.map(s => s.mem)) * 1.25;
    this.cpuScale.textContent = `top: CPU ${maxCpu.toFixed(1)} %`;
    this.memScale.textContent = `top: memory ${(maxMem / 1048576).toFixed(1)} MiB`;
    const x = i => (i * 600 / (KEEP - 1)).toFixed(1);
    this.cpu.setAttribute('points', this.samples.map((s, i) => `${x(i)},${(190 - s.cpu / maxCpu * 180).toFixed(1)}`).join(' '));
    this.mem.setAttribute('points', this.samples.map((s, i) => `${x(i)},${(190 - s.mem / maxMem * 180).toFixed(1)}`).join(' '));
    this.element.setAttribute('aria-label', `CPU ${sample.cpu.toFixed(1)} percent, memory ${Math.round(sample.mem / 1048576)} MiB`);
  }
}
