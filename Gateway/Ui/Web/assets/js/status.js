// A camera's state as the wall's badge shows it, from its info and the frames the UI saw arrive.
import { serverNow } from './api.js';

export const states = {
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  idle: 'Idle',
};

export const stateHelp =
  'RTSP and MJPEG cameras: the capture loop\u2019s state (connected; reconnecting while it starts, retries or waits for capacity; disconnected when stopped). ' +
  'Pushed and MQTT cameras: connected while frames keep arriving (within 5 frame intervals, at least 10 s), idle otherwise.';

/**
 * When the camera took its newest frame (ms, server clock: last_received_at), or null. Not last_frame_at: that is the
 * frame's own timestamp, the camera's clock, which may run hours ahead (local time sent as UTC).
 */
export function receivedAt(camera) {
  return camera.last_received_at ? Date.parse(camera.last_received_at) : null;
}

/**
 * connected | reconnecting | disconnected | idle.
 * lastFrameAt: when the latest frame arrived (ms, server clock), or null.
 */
export function cameraState(camera, lastFrameAt, now = serverNow()) {
  if (isStreamed(camera.source_type)) {
    switch (camera.capture) {
      case 'connected':
        return 'connected';
      case 'starting':
      case 'reconnecting':
      case 'waiting_for_capacity':
        return 'reconnecting';
      default:
        return 'disconnected';
    }
  }
  if (lastFrameAt === null || lastFrameAt === undefined) return 'idle';
  const window = Math.max(10_000, 5000 / Math.max(camera.fps, 0.01));
  return now - lastFrameAt <= window ? 'connected' : 'idle';
}

export const sourceNames = { http_push: 'HTTP push', rtsp: 'RTSP', mjpeg: 'MJPEG (HTTP)', mqtt: 'MQTT' };

/** Cameras whose frames the cluster fetches from their stream (RTSP, or MJPEG over HTTP): they have a capture state. */
export function isStreamed(sourceType) {
  return sourceType === 'rtsp' || sourceType === 'mjpeg';
}
