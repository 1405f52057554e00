// The servers of a scenario on the emulator's network: nock intercepts
// Node's http and https modules, which happy-dom's fetch() uses, and
// answers as servers.mjs says; `network_error` fails the connection.
import nock from 'nock'

import { answer, headerPairs } from './servers.mjs'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Serves `responses` for every origin they or `also.urls` name, to the
 * usual methods, theirs and `also.methods`, until `stop()`.
 */
export function serve(responses, also = {}) {
  nock.disableNetConnect()
  const origins = new Set([...responses.map((r) => r.url), ...(also.urls ?? [])].map(originOf).filter(Boolean))
  const methods = new Set([...METHODS, ...responses.map((r) => r.method), ...(also.methods ?? [])].filter(Boolean))
  for (const origin of origins) {
    for (const method of methods) {
      nock(origin)
        .persist()
        .intercept(() => true, method)
        .reply(function (path, _body, callback) {
          // The method as it went on the wire (nock matches any case).
          const entry = answer(responses, this.req.method, origin + path)
          if (entry?.network_error) return callback(new Error('connection reset (network_error in the fixture)'))
          if (!entry) return callback(null, [404, '', {}])
          return callback(null, [entry.status ?? 200, entry.body ?? '', headerObject(entry.headers)])
        })
    }
  }
  return { stop: () => nock.cleanAll() }
}

function originOf(url) {
  try {
    const u = new URL(url)
    return ['http:', 'https:'].includes(u.protocol) ? u.origin : null
  } catch {
    return null
  }
}

/** `{name: value}` or `[[name, value], ...]` as nock's header object. */
function headerObject(headers) {
  const out = {}
  for (const [name, value] of headerPairs(headers)) {
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
    out[key] = key in out ? [].concat(out[key], value) : value
  }
  return out
}
