// sop in front of an emulator's fetch(): the page's window.fetch asks sop
// what Chromium would do with the call, given how the servers answer, and
// then behaves as Chromium does:
//
// - blocked: the promise rejects with TypeError "Failed to fetch" and the
//   console shows Chromium's message (when fetch() itself throws, as for a
//   forbidden method, the TypeError carries that message instead);
// - opaque (no-cors): an opaque response, status 0, no headers, no body;
//   redirect: 'manual' meeting a redirect: an opaqueredirect one;
// - exposed: the emulator fetches (its own same-origin checks switched off:
//   sop has decided) and the page sees only the headers sop says are
//   readable.
//
// The emulator's network answers the exposed reads, so the page gets the
// bytes the (real or mocked) server sent. Where the emulator's own rules
// part from Chromium's on the way (happy-dom refuses http://localhost from
// an https page, upper-cases `patch`, joins two Location headers), its
// response is not the one Chromium reads: then the page gets the one sop
// computed, from the same `responses` (`response.sop.source` says which).
import sop from 'sop-sim'

import { answer, headerPairs as entryHeaders } from './servers.mjs'

/** What Chromium says when fetch() itself throws, before any request. */
const THROWS = "Failed to execute 'fetch' on 'Window': "

/**
 * Puts sop in front of `window.fetch`. `responses` is how the servers
 * answer, in sop's fixture format (docs/fixture-format.md): the same
 * table the emulator's mocked network serves. The window should be made
 * with `settings.fetch.disableSameOriginPolicy: true`, so that the
 * emulator's own, different, rules do not run a second time.
 */
export function installSop(window, responses) {
  const emulatorFetch = window.fetch.bind(window)
  window.fetch = async (input, init = {}) => {
    const request = scriptCall(window, input, init)
    const verdict = sop.evaluate({ name: 'fetch', page: window.location.href, request, responses }, { lean: true })
    if (verdict.outcome === 'blocked') throw blocked(window, verdict)
    if (verdict.outcome === 'opaque') return opaque(window, verdict, 'opaque')
    if (verdict.outcome === 'opaque-redirect') return opaque(window, verdict, 'opaqueredirect')
    const response = await emulatorFetch(input, init).catch(() => null)
    if (response && response.status === verdict.status && response.url === verdict.url) {
      return readable(window, response, verdict)
    }
    return computed(window, verdict, responses)
  }
  return window
}

/** The script's call in sop's request format. */
function scriptCall(window, input, init) {
  const fromRequest = input instanceof window.Request ? input : null
  const raw = fromRequest ? fromRequest.url : String(input)
  let url
  try {
    url = new URL(raw, window.location.href).href
  } catch {
    url = raw // sop says how fetch() fails on it
  }
  const call = { url }
  const method = init.method ?? fromRequest?.method
  if (method) call.method = method
  const headers = init.headers ?? fromRequest?.headers
  if (headers) call.headers = headerPairs(headers)
  for (const key of ['mode', 'credentials', 'redirect']) {
    const value = init[key] ?? fromRequest?.[key]
    if (value) call[key] = value
  }
  // Text bodies only: a FormData or Blob body sets its own Content-Type,
  // which this adapter does not model.
  if (typeof init.body === 'string') call.body = init.body
  return call
}

/** Any form fetch() takes headers in, as [name, value] pairs. */
function headerPairs(headers) {
  if (Array.isArray(headers)) return headers.map(([n, v]) => [String(n), String(v)])
  if (typeof headers.entries === 'function' && typeof headers.get === 'function') return [...headers.entries()]
  return Object.entries(headers).map(([n, v]) => [n, String(v)])
}

/** The rejection Chromium gives, with sop's verdict attached as `sop`. */
function blocked(window, verdict) {
  const message = verdict.message ?? ''
  if (message.startsWith(THROWS)) {
    return Object.assign(new TypeError(message), { sop: verdict })
  }
  if (message) window.console.error(message)
  return Object.assign(new TypeError('Failed to fetch'), { sop: verdict })
}

/** An opaque response (no-cors), or an opaqueredirect one. */
function opaque(window, verdict, type) {
  const response = new window.Response(null)
  return Object.defineProperties(response, {
    type: { value: type },
    status: { value: 0 },
    statusText: { value: '' },
    ok: { value: false },
    url: { value: '' },
    headers: { value: new window.Headers() },
    sop: { value: verdict },
  })
}

/** The emulator's response with only the headers script may read. */
async function readable(window, response, verdict) {
  const headers = new window.Headers()
  for (const name of verdict.exposed_headers) {
    const value = response.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  return filtered(window, await response.arrayBuffer(), headers, verdict, 'network')
}

/** The response sop computed: its status, body and URL, and the readable
 * headers of the `responses` entry that answered its last request. */
function computed(window, verdict, responses) {
  const last = verdict.requests.at(-1)
  const entry = last && answer(responses, last.method, last.url)
  const headers = new window.Headers()
  for (const [name, value] of entryHeaders(entry?.headers)) {
    if (verdict.exposed_headers.includes(name.toLowerCase())) headers.append(name, value)
  }
  return filtered(window, verdict.body, headers, verdict, 'verdict')
}

/** A Response of `body` and `headers` with the verdict's status and URL. */
function filtered(window, body, headers, verdict, source) {
  const empty = [101, 103, 204, 205, 304].includes(verdict.status)
  const response = new window.Response(empty ? null : body, { headers })
  let origin = null
  try {
    origin = new URL(verdict.url).origin
  } catch {
    // A URL without an origin of its own (data:) is read as basic.
  }
  return Object.defineProperties(response, {
    type: { value: origin === null || origin === window.location.origin || origin === 'null' ? 'basic' : 'cors' },
    status: { value: verdict.status },
    ok: { value: verdict.status >= 200 && verdict.status < 300 },
    url: { value: verdict.url },
    sop: { value: { ...verdict, source } },
  })
}
