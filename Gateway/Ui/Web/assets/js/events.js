// Live camera events over Server-Sent Events. EventSource sends the session cookie (it cannot send headers), and
// reconnects by itself after a dropped connection; after a refused one (401, server gone) this reopens it later.
const eventTypes = ['camera.connected', 'camera.disconnected', 'frame.ingested', 'motion.detected', 'image.assembled', 'image.stale'];
const retryDelay = 5000;

/**
 * Opens an event stream. onEvent(type, payload) gets every event; onStatus(connected) every change of connection.
 * Returns { close(), connected }.
 */
export function openEvents(url, { onEvent, onStatus = () => {} }) {
  let source = null;
  let retry = null;
  let closed = false;
  const stream = {
    connected: false,
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
      setStatus(false);
    },
  };

  function setStatus(connected) {
    if (stream.connected === connected) return;
    stream.connected = connected;
    onStatus(connected);
  }

  function open() {
    source = new EventSource(url);
    source.addEventListener('open', () => setStatus(true));
    source.addEventListener('error', () => {
      setStatus(false);
      if (source.readyState === EventSource.CLOSED && !closed) {
        retry = setTimeout(open, retryDelay);
      }
    });
    for (const type of eventTypes) {
      source.addEventListener(type, (message) => {
        let payload;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        onEvent(type, payload);
      });
    }
  }

  open();
  return stream;
}
