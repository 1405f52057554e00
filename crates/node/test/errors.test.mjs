// Bad input: every kind is a JavaScript Error with a code and the JSON
// path of what was wrong, and the process lives on.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { sop } from './helpers.mjs'

const good = {
  name: 'good',
  page: 'https://app.example/',
  request: { url: 'https://api.example/data' },
  responses: [{ url: 'https://api.example/data', status: 200 }],
}

/** Asserts `f` throws an Error with `code` and `path`; returns it. */
function throwsAt(f, code, path) {
  let error
  assert.throws(f, (e) => {
    error = e
    return true
  })
  assert.ok(error instanceof Error, `an Error, not ${typeof error}`)
  assert.equal(error.code, code, error.message)
  assert.equal(error.path, path, error.message)
  assert.ok(error.message.startsWith(`${path}: `), error.message)
  return error
}

for (const [name, f] of Object.entries({ evaluate: sop.evaluate, explain: sop.explain, check: sop.check })) {
  test(`${name}: text that is not JSON`, () => {
    const e = throwsAt(() => f('{"name": '), 'SOP_INVALID_SCENARIO', '.')
    assert.match(e.message, /not valid JSON/)
    throwsAt(() => f(''), 'SOP_INVALID_SCENARIO', '.')
  })

  test(`${name}: a wrong type at a nested path`, () => {
    const bad = { ...good, responses: [{ url: 'https://api.example/data', status: 'two hundred' }] }
    const e = throwsAt(() => f(bad), 'SOP_INVALID_SCENARIO', 'responses[0].status')
    assert.match(e.message, /expected a status code/)
    throwsAt(() => f(JSON.stringify(bad)), 'SOP_INVALID_SCENARIO', 'responses[0].status')
    throwsAt(() => f({ ...good, request: { url: 'https://api.example/', mode: 'corz' } }), 'SOP_INVALID_SCENARIO', 'request.mode')
    throwsAt(
      () => f({ ...good, request: { url: 'https://api.example/', headers: { 'X-A': 1 } } }),
      'SOP_INVALID_SCENARIO',
      'request.headers.X-A',
    )
  })

  test(`${name}: missing fields`, () => {
    const { page, ...noPage } = good
    assert.ok(page)
    const e = throwsAt(() => f(noPage), 'SOP_INVALID_SCENARIO', '.')
    assert.match(e.message, /page/)
    const { request, ...noRequest } = good
    assert.ok(request)
    throwsAt(() => f(noRequest), 'SOP_INVALID_SCENARIO', '.')
  })

  test(`${name}: arguments that are not a scenario`, () => {
    for (const [value, words] of [
      [undefined, 'undefined'],
      [null, 'null'],
      [42, 'a number'],
      [true, 'a boolean'],
      [10n, 'a BigInt'],
      [Symbol('s'), 'a symbol'],
      [() => good, 'a function'],
    ]) {
      const e = throwsAt(() => f(value), 'SOP_INVALID_ARGUMENT', '.')
      assert.match(e.message, new RegExp(`found ${words}$`))
    }
    throwsAt(() => f([good]), 'SOP_INVALID_SCENARIO', '.')
    throwsAt(() => f({ scenarios: [good] }), 'SOP_INVALID_SCENARIO', 'scenarios')
    const cycle = { ...good }
    cycle.self = cycle
    assert.match(throwsAt(() => f(cycle), 'SOP_INVALID_ARGUMENT', '.').message, /circular/)
    throwsAt(() => f({ ...good, big: 1n }), 'SOP_INVALID_ARGUMENT', '.')
  })

  test(`${name}: huge input is refused by sop's limits`, () => {
    const huge = { ...good, responses: [{ ...good.responses[0], body: 'x'.repeat(17 * 1024 * 1024) }] }
    assert.match(throwsAt(() => f(huge), 'SOP_INVALID_SCENARIO', '.').message, /the limit is/)
    const manyHeaders = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`X-H${i}`, 'v']))
    throwsAt(
      () => f({ ...good, request: { url: 'https://api.example/', headers: manyHeaders } }),
      'SOP_INVALID_SCENARIO',
      'request.headers',
    )
  })
}

test('options: unknown keys, wrong types and values', () => {
  throwsAt(() => sop.evaluate(good, { mdoe: 'off' }), 'SOP_INVALID_OPTION', 'options.mdoe')
  throwsAt(() => sop.evaluate(good, { lean: 'yes' }), 'SOP_INVALID_OPTION', 'options.lean')
  throwsAt(() => sop.evaluate(good, { mode: 'strict' }), 'SOP_INVALID_OPTION', 'options.mode')
  throwsAt(() => sop.evaluate(good, 'lean'), 'SOP_INVALID_OPTION', 'options')
  throwsAt(() => sop.evaluate(good, [true]), 'SOP_INVALID_OPTION', 'options')
  throwsAt(() => sop.explain(good, { width: -1 }), 'SOP_INVALID_OPTION', 'options.width')
  throwsAt(() => sop.explain(good, { width: 1.5 }), 'SOP_INVALID_OPTION', 'options.width')
  throwsAt(() => sop.explain(good, { format: 'pdf' }), 'SOP_INVALID_OPTION', 'options.format')
  throwsAt(() => sop.explain(good, { format: 'HTML' }), 'SOP_INVALID_OPTION', 'options.format')
  // No options, and null, are the defaults.
  assert.deepEqual(sop.evaluate(good, null), sop.evaluate(good))
  assert.deepEqual(sop.evaluate(good, {}), sop.evaluate(good, { mode: 'enforce', lean: false }))
})

test('the process survives a thousand errors', () => {
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => sop.evaluate(`{"name": "x", "page": ${i}}`), { code: 'SOP_INVALID_SCENARIO' })
  }
  assert.equal(sop.evaluate(good).outcome, 'blocked')
})
