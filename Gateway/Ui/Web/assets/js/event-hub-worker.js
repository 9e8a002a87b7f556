// One EventSource per stream URL for every UI tab of this origin (the UI opens one: /api/events, every camera's events;
// a camera page subscribes to its camera's). Over HTTP/1.1 a browser keeps at most 6 connections to a host, so a
// stream per tab would leave the seventh tab waiting for a connection, and every tab without one for its frames. Tabs
// talk to this shared worker (a module worker) over their ports (see events.js).
//
// tab -> worker: {op: 'open', id, url, cameraId (null: every camera)} · {op: 'close', id} · {op: 'pong'}
// worker -> tab: {kind: 'event', id, type, data} · {kind: 'status', id, connected} · {kind: 'ping'} · {kind: 'resubscribe'}
import { connectStream } from './event-stream.js';

const pingEvery = 10000;
// A port that answers no ping for this long belongs to a tab that was closed or frozen; a frozen tab resubscribes on waking.
const silentLimit = 35000;

const streams = new Map(); // url -> { connection, connected, subscribers: Set<subscriber> }
const ports = new Map(); // port -> { lastSeen, subscriptions: Map<id, subscriber> }; a subscriber is { port, id, url, cameraId }

function openStream(url) {
  const stream = { connection: null, connected: false, subscribers: new Set() };
  streams.set(url, stream);
  stream.connection = connectStream(url, {
    status: (connected) => setStatus(stream, connected),
    event: (type, data) => {
      let cameraId; // read once, for the first subscriber that wants one camera's events
      for (const subscriber of stream.subscribers) {
        if (subscriber.cameraId !== null) {
          if (cameraId === undefined) cameraId = cameraOf(data);
          if (subscriber.cameraId !== cameraId) continue;
        }
        subscriber.port.postMessage({ kind: 'event', id: subscriber.id, type, data });
      }
    },
  });
  return stream;
}

/** The event's camera_id; null when its data is not an event of a camera. */
function cameraOf(data) {
  try {
    return JSON.parse(data)?.camera_id ?? null;
  } catch {
    return null;
  }
}

function setStatus(stream, connected) {
  if (stream.connected === connected) return;
  stream.connected = connected;
  for (const { port, id } of stream.subscribers) port.postMessage({ kind: 'status', id, connected });
}

function subscribe(port, id, url, cameraId) {
  // A tab that resubscribes keeps the stream it has.
  const known = ports.get(port).subscriptions.get(id);
  if (known?.url !== url || known.cameraId !== cameraId) {
    unsubscribe(port, id);
    const subscriber = { port, id, url, cameraId };
    (streams.get(url) ?? openStream(url)).subscribers.add(subscriber);
    ports.get(port).subscriptions.set(id, subscriber);
  }
  port.postMessage({ kind: 'status', id, connected: streams.get(url).connected });
}

function unsubscribe(port, id) {
  const subscriber = ports.get(port)?.subscriptions.get(id);
  if (!subscriber) return;
  ports.get(port).subscriptions.delete(id);
  const stream = streams.get(subscriber.url);
  stream.subscribers.delete(subscriber);
  if (stream.subscribers.size === 0) {
    stream.connection.close();
    streams.delete(subscriber.url);
  }
}

function drop(port) {
  const known = ports.get(port);
  if (!known) return;
  for (const id of [...known.subscriptions.keys()]) unsubscribe(port, id);
  ports.delete(port);
}

self.addEventListener('connect', (connection) => {
  const port = connection.ports[0];
  ports.set(port, { lastSeen: Date.now(), subscriptions: new Map() });
  port.addEventListener('message', ({ data }) => {
    if (!ports.has(port)) {
      // Dropped while its tab was frozen: the tab sends its subscriptions again.
      ports.set(port, { lastSeen: Date.now(), subscriptions: new Map() });
      port.postMessage({ kind: 'resubscribe' });
    }
    ports.get(port).lastSeen = Date.now();
    if (data?.op === 'open' && typeof data.url === 'string') subscribe(port, data.id, data.url, typeof data.cameraId === 'string' ? data.cameraId : null);
    else if (data?.op === 'close') unsubscribe(port, data.id);
  });
  port.start();
});

setInterval(() => {
  const now = Date.now();
  for (const [port, known] of [...ports]) {
    if (now - known.lastSeen > silentLimit) drop(port);
    else port.postMessage({ kind: 'ping' });
  }
}, pingEvery);
