// The dashboard's half of ddClient: answers the calls a Docker Desktop-format extension's frame posts. Only messages
// from that frame's window and origin count; what touches Docker goes to the dashboard's API for this extension only.
import {api, toast} from './ui.js';

const containerPage = (id) => `#/containers/${encodeURIComponent(String(id))}`;
const navigation = {
  viewContainers: () => '#/containers',
  viewContainer: containerPage, viewContainerLogs: containerPage, viewContainerInspect: containerPage,
  viewContainerTerminal: containerPage, viewContainerStats: containerPage,
  viewImages: () => '#/images', viewImage: () => '#/images',
  viewVolumes: () => '#/volumes', viewVolume: () => '#/volumes',
};

/** What the dashboard's page does itself: toasts, its own pages, and links opened outside the dashboard. */
function local(tab, call, args) {
  if (call.startsWith('desktopUI.toast.')) {
    const kind = call.substring('desktopUI.toast.'.length);
    if (!['success', 'warning', 'error'].includes(kind)) throw new Error(`unknown toast ${kind}`);
    toast(`${tab.title}: ${kind === 'warning' ? 'warning: ' : ''}${String(args[0])}`, kind === 'error');
    return null;
  }
  if (call.startsWith('desktopUI.navigate.')) {
    const to = navigation[call.substring('desktopUI.navigate.'.length)];
    if (!to) throw new Error(`${call} is not supported by Berth`);
    location.hash = to(...args);
    return null;
  }
  if (call === 'host.openExternal') {
    const url = new URL(String(args[0]));
    // only web addresses, in a new window that cannot reach back into the dashboard
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('only http and https addresses open');
    window.open(url.href, '_blank', 'noopener,noreferrer');
    return null;
  }
  return undefined;
}

/** Runs a streamed exec of the frame through the dashboard's WebSocket, sending each event on to the frame. */
function streamed(frame, tab, m, sockets) {
  const send = (e) => frame.contentWindow && frame.contentWindow.postMessage({berthDd: 1, id: m.id, event: e}, tab.origin);
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/dd/${encodeURIComponent(tab.docker)}/exec`);
  let ended = false;
  sockets.set(m.id, ws);
  ws.onopen = () => ws.send(JSON.stringify({call: m.call, args: m.args}));
  ws.onmessage = (msg) => {
    const e = JSON.parse(msg.data);
    if (e.exit !== undefined || e.error !== undefined) ended = true;
    send(e);
  };
  ws.onclose = () => {
    sockets.delete(m.id);
    if (!ended) send({error: 'the command was stopped'});
  };
}

/** Answers the frame's calls until the returned function is called, which also stops its streamed commands. */
export function bridge(frame, tab) {
  const sockets = new Map();
  const onMessage = async (event) => {
    if (event.source !== frame.contentWindow || event.origin !== tab.origin) return;
    const m = event.data;
    if (m && m.berthDd === 1 && m.close) {
      if (sockets.has(m.id)) sockets.get(m.id).close();
      return;
    }
    if (m && m.berthDd === 1 && m.stream && typeof m.call === 'string' && Array.isArray(m.args)) {
      streamed(frame, tab, m, sockets);
      return;
    }
    if (!m || m.berthDd !== 1 || typeof m.call !== 'string' || !Array.isArray(m.args)) return;
    // a navigation may have taken the frame away before the answer
    const answer = (ok, value) => frame.contentWindow && frame.contentWindow.postMessage(
      ok ? {berthDd: 1, id: m.id, ok: true, result: value} : {berthDd: 1, id: m.id, ok: false, error: value}, tab.origin);
    try {
      let result = local(tab, m.call, m.args);
      if (result === undefined) {
        result = (await api('POST', `/api/docker-extensions/${encodeURIComponent(tab.docker)}/call`,
          {call: m.call, args: m.args})).result;
      }
      answer(true, result === undefined ? null : result);
    } catch (e) {
      answer(false, {message: e.message || String(e)});
    }
  };
  window.addEventListener('message', onMessage);
  return () => {
    window.removeEventListener('message', onMessage);
    for (const ws of sockets.values()) ws.close();
  };
}
