// One Server-Sent Events stream of camera events, used by the shared worker and by a tab that cannot use it.
// EventSource sends the session cookie (it cannot send headers) and reconnects by itself after a dropped
// connection; after a refused one (401, server gone) it gives up, so the stream is reopened later here.
const eventTypes = ['camera.connected', 'camera.disconnected', 'frame.ingested', 'motion.detected', 'image.assembled', 'image.stale'];
const retryDelay = 5000;

/**
 * Opens url as an event stream until closed. status(connected) is called on every open and error, event(type, data)
 * with every event's raw data. Returns { close() }.
 */
export function connectStream(url, { status, event }) {
  let source = null;
  let retry = null;
  let closed = false;

  function open() {
    source = new EventSource(url);
    source.addEventListener('open', () => status(true));
    source.addEventListener('error', () => {
      status(false);
      if (source.readyState === EventSource.CLOSED && !closed) {
        retry = setTimeout(open, retryDelay);
      }
    });
    for (const type of eventTypes) {
      source.addEventListener(type, (message) => event(type, message.data));
    }
  }

  open();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}
