// The corpus's fetch() scenarios through happy-dom, with its network
// mocked to answer as each scenario's `responses` say: once alone (its own
// same-origin rules) and once with sop in front. Each run is compared with
// the fixture's expectation (outcome, and status), which Chromium proved.
//
// `node corpus.mjs` prints one line per scenario and the counts;
// `node corpus.mjs --json` prints them as JSON (test/corpus.test.mjs).
// It runs in a process of its own because happy-dom, alone, throws some
// errors outside the fetch() promise (from its redirect handling); they
// are caught here and count as that run's failure.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { Window } from 'happy-dom'

import { serve } from './mock-network.mjs'
import { installSop } from './sop-fetch.mjs'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures')

/** A broad CORS set: every single fetch() call of these files. */
const FILES = [
  'simple-requests.json',
  'preflight.json',
  'credentials.json',
  'redirects.json',
  'no-cors.json',
  'network-errors.json',
  'exposed-headers.json',
  'safelisted-headers.json',
  'same-origin.json',
  'modes.json',
  'mixed-content.json',
]

/** The scenarios this adapter drives: one fetch() call from an http(s) page. */
export function scenarios() {
  const all = []
  for (const file of FILES) {
    const json = JSON.parse(readFileSync(join(fixtures, file), 'utf8'))
    for (const s of json.scenarios ?? [json]) {
      const r = s.request
      if ((s.kind ?? 'fetch') !== 'fetch' || !r || (r.api ?? 'fetch') !== 'fetch' || r.upload_listener) continue
      if (!/^https?:/.test(s.page)) continue
      all.push({ file, ...s })
    }
  }
  return all
}

/** The script's call as fetch() arguments. */
function fetchArguments(request) {
  const init = {}
  for (const key of ['method', 'headers', 'mode', 'credentials', 'redirect', 'body']) {
    if (request[key] !== undefined) init[key] = request[key]
  }
  return [request.url, init]
}

// The run in progress fails with an error happy-dom throws outside it;
// outside a run, an error is this script's own and ends it.
let escaped = null
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, (error) => {
    if (escaped) return escaped(error)
    console.error(error)
    process.exit(1)
  })
}

/** The absolute URL of `url` on `page`, or nothing when it does not parse. */
function absolute(url, page) {
  try {
    return [new URL(url, page).href]
  } catch {
    return []
  }
}

/** Runs the scenario's call in a fresh happy-dom window: what script saw. */
export async function run(scenario, withSop) {
  const window = new Window({
    url: scenario.page,
    settings: { fetch: { disableSameOriginPolicy: withSop } },
  })
  const logged = []
  window.console.error = (...args) => logged.push(args.join(' '))
  window.console.warn = () => {}
  if (withSop) installSop(window, scenario.responses)
  const network = serve(scenario.responses, {
    urls: absolute(scenario.request.url, scenario.page),
    methods: [scenario.request.method?.toUpperCase()],
  })
  try {
    const response = await Promise.race([
      window.fetch(...fetchArguments(scenario.request)),
      new Promise((_, reject) => {
        escaped = reject
      }),
    ])
    const outcome = { opaque: 'opaque', opaqueredirect: 'opaque-redirect' }[response.type] ?? 'exposed'
    await response.text()
    return { outcome, status: response.status, source: response.sop?.source, logged }
  } catch (error) {
    return { outcome: 'blocked', status: 0, error: `${error?.name}: ${error?.message}`, sop: error?.sop, logged }
  } finally {
    escaped = null
    network.stop()
    await window.happyDOM.close()
  }
}

/** Whether `seen` is what the fixture expects: outcome, and status when given. */
export function agrees(scenario, seen) {
  const e = scenario.expect
  return e.outcome === seen.outcome && (e.status === undefined || e.status === seen.status)
}

/** Every scenario alone and with sop: one row each, in corpus order. */
export async function runAll() {
  const rows = []
  for (const s of scenarios()) {
    const alone = await run(s, false)
    const withSop = await run(s, true)
    rows.push({ file: s.file, name: s.name, expect: s.expect, alone, withSop })
  }
  return rows
}

/** The counts: alone, with sop, and where sop's exposed reads came from. */
export function summary(rows) {
  const count = (key) => rows.filter((r) => agrees(r, r[key])).length
  const from = (source) => rows.filter((r) => r.withSop.source === source).length
  return (
    `happy-dom alone: ${count('alone')}/${rows.length} as Chromium; with sop: ${count('withSop')}/${rows.length} ` +
    `(exposed reads: ${from('network')} from happy-dom's network, ${from('verdict')} computed by sop)`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runAll()
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(rows, (k, v) => (k === 'expect' ? { outcome: v.outcome, status: v.status } : v)))
  } else {
    const word = (s, seen) => `${agrees(s, seen) ? 'ok  ' : 'MISS'} ${seen.outcome} ${seen.status}`
    for (const r of rows) {
      console.log(`${r.file}: ${r.name}\n  expected ${r.expect.outcome} ${r.expect.status}; alone ${word(r, r.alone)}; with sop ${word(r, r.withSop)}`)
    }
    console.log(summary(rows))
  }
}
