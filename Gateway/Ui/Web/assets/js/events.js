// Live camera events over Server-Sent Events (event-stream.js). Every tab of the UI shares one stream of every camera's
// events (/api/events) through a shared worker (event-hub-worker.js): over HTTP/1.1 a browser keeps at most 6
// connections to a host, and a stream per tab (or per camera page) would use them all up. A camera page takes its
// camera's events from that stream. A browser without shared workers (or module workers), or whose worker fails to
// start, gets a stream of the tab's own.
import { connectStream } from './event-stream.js';

/**
 * The one stream, of every camera's events. A camera's own stream (/api/cameras/{id}/events) carries the same events
 * of one camera and, like this one, replays none on reconnect: it would only take another connection.
 */
const streamUrl = '/api/events';

let hub;
let nextId = 1;

/**
 * Listens to camera events: every camera's, or cameraId's only. onEvent(type, payload) gets every event;
 * onStatus(connected) every change of connection. Returns { close(), connected }.
 */
export function openEvents({ cameraId = null, onEvent, onStatus = () => {} }) {
  let closed = false;
  let shared = null;
  let own = null;
  const stream = {
    connected: false,
    close() {
      closed = true;
      shared?.close();
      own?.close();
      setStatus(false);
    },
  };

  function setStatus(connected) {
    if (stream.connected === connected) return;
    stream.connected = connected;
    onStatus(connected);
  }

  function deliver(type, data) {
    if (closed) return;
    let payload;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    // The worker sends a camera's events only; a stream of the tab's own carries every camera's.
    if (cameraId !== null && payload?.camera_id !== cameraId) return;
    onEvent(type, payload);
  }

  const listener = {
    url: streamUrl,
    cameraId,
    status: (connected) => { if (!closed) setStatus(connected); },
    event: deliver,
    fallBack: () => { if (!closed) own = connectStream(streamUrl, listener); },
  };
  shared = sharedHub()?.subscribe(listener) ?? null;
  if (!shared) own = connectStream(streamUrl, listener);
  return stream;
}

/** This tab's port to the shared worker, started on first use; null where shared workers are not available. */
function sharedHub() {
  if (hub !== undefined) return hub;
  hub = null;
  if (typeof SharedWorker !== 'function') return hub;
  let worker;
  try {
    worker = new SharedWorker(new URL('./event-hub-worker.js', import.meta.url), { type: 'module', name: 'ingestion-cluster-events' });
  } catch {
    return hub;
  }
  const port = worker.port;
  const listeners = new Map();
  const send = (message) => port.postMessage(message);
  const open = (id, { url, cameraId }) => send({ op: 'open', id, url, cameraId });
  const resubscribe = () => { for (const [id, listener] of listeners) open(id, listener); };

  port.addEventListener('message', ({ data }) => {
    if (data.kind === 'ping') {
      send({ op: 'pong' });
    } else if (data.kind === 'resubscribe') {
      resubscribe();
    } else if (data.kind === 'status') {
      listeners.get(data.id)?.status(data.connected);
    } else if (data.kind === 'event') {
      listeners.get(data.id)?.event(data.type, data.data);
    }
  });
  worker.addEventListener('error', () => {
    // The worker did not start: every stream of this tab opens on its own, now and from here on.
    hub = null;
    for (const listener of listeners.values()) listener.fallBack();
    listeners.clear();
  });
  port.start();
  // A page put into the back-forward cache or closed lets its streams go; one shown again takes them back. (A tab
  // frozen long enough for the worker to let it go is asked to resubscribe when it answers again.)
  window.addEventListener('pagehide', () => { for (const id of listeners.keys()) send({ op: 'close', id }); });
  window.addEventListener('pageshow', (event) => { if (event.persisted) resubscribe(); });

  hub = {
    subscribe(listener) {
      const id = nextId++;
      listeners.set(id, listener);
      open(id, listener);
      return {
        close() {
          listeners.delete(id);
          send({ op: 'close', id });
        },
      };
    },
  };
  return hub;
}
