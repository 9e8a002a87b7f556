// Calls to the gateway's API from the UI. Requests go to this origin with the session cookie; every call carries
// X-Requested-With, without which the gateway refuses cookie-authenticated changes (CSRF protection).

/** An API call that failed, with the problem details' title and detail as a readable message. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

const listeners = new Set();
let serverOffset = 0;

/** Called with the ApiError of every 401, so the app can ask for a token again. */
export function onUnauthorized(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The server's clock, estimated from the Date header of the last answer (to tell a frame's age without trusting this machine's clock). */
export function serverNow() {
  return Date.now() + serverOffset;
}

/** JSON in, JSON out. Throws ApiError with a readable message for network failures and non-2xx answers. */
export async function api(path, { method = 'GET', body, token, signal } = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'ingestion-ui' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The gateway could not be reached', `${method} ${path} failed (${error.message}). Check that the gateway runs and the network is up.`);
  }
  const date = Date.parse(response.headers.get('Date') ?? '');
  if (!Number.isNaN(date)) serverOffset = date - Date.now();
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && !token) listeners.forEach((listener) => listener(error));
    throw error;
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

async function problemOf(response) {
  let title = `${response.status} ${response.statusText || 'error'}`;
  let detail = '';
  try {
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) {
      const problem = await response.json();
      title = problem.title ?? title;
      detail = problem.detail ?? '';
      if (problem.errors) detail = [detail, ...Object.values(problem.errors).flat()].filter(Boolean).join(' ');
    } else {
      detail = (await response.text()).slice(0, 300);
    }
  } catch {
    // The body was not what it claimed to be: the status line is all there is to say.
  }
  if (response.status === 429) {
    const retry = response.headers.get('Retry-After');
    if (retry) detail = `${detail} Retry after ${retry} s.`.trim();
  }
  return new ApiError(response.status, title, detail);
}

/** Query string from an object, leaving out empty values. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Path segment with everything outside the id rules escaped. */
export function segment(value) {
  return encodeURIComponent(value);
}
