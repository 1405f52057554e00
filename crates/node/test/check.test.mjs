// check() against `sop check`.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

import { cli, corpus, sop } from './helpers.mjs'

test('every scenario of the corpus passes, as sop check says', () => {
  const summary = cli(['check', 'fixtures/']).trim().split('\n').at(-1)
  let passed = 0
  for (const { file, scenarios } of corpus()) {
    for (const s of scenarios) {
      const result = sop.check(s)
      assert.equal(result.status, 'passed', `${file}: ${s.name}: ${JSON.stringify(result.mismatches)}`)
      assert.deepEqual(result.mismatches, [])
      passed++
    }
  }
  assert.equal(summary, `${passed} passed, 0 failed`)
  console.log(`check: ${passed} passed, as sop check`)
})

test('a wrong expectation fails with the lines sop check prints', () => {
  const scenario = {
    name: 'wrong expectation',
    page: 'https://app.example/',
    request: { url: 'https://api.example/data', headers: { 'X-Token': 'a' } },
    responses: [{ url: 'https://api.example/data', status: 200 }],
    expect: { outcome: 'exposed', status: 201, preflight: false },
  }
  const result = sop.check(scenario)
  assert.equal(result.status, 'failed')
  // X-Token needs a preflight, which no response answers.
  assert.deepEqual(
    result.mismatches.map(({ field, expected, actual }) => [field, expected, actual]),
    [
      ['expect.outcome', 'exposed', 'blocked'],
      ['expect.preflight', false, true],
      ['expect.status', 201, 0],
    ],
  )
  assert.deepEqual(
    result.warnings.map((w) => [w.code, w.likely_mistake]),
    [
      ['no-response-entry', true],
      ['unused-response', true],
    ],
  )

  const dir = mkdtempSync(join(tmpdir(), 'sop-node-'))
  writeFileSync(join(dir, 'one.json'), JSON.stringify(scenario))
  const printed = cli(['check', join(dir, 'one.json')], { allowFailure: true })
    .split('\n')
    .filter((l) => l.startsWith('     '))
    .map((l) => l.trim())
  assert.deepEqual(
    result.mismatches.map((m) => m.message),
    printed,
  )
})

test('a scenario without expect is not checked', () => {
  const result = sop.check({ name: 'n', page: 'https://app.example/', request: { url: '/x' } })
  assert.deepEqual(result, { status: 'no-expectation', mismatches: [], warnings: [] })
})

test('a typo in a response URL is a likely mistake, as sop check warns', () => {
  const result = sop.check({
    name: 'typo',
    page: 'https://app.example/',
    request: { url: 'https://api.example/data' },
    responses: [{ url: 'https://api.example/dta', headers: { 'Access-Control-Allow-Origin': '*' } }],
    expect: { outcome: 'blocked' },
  })
  assert.ok(result.warnings.some((w) => w.likely_mistake), JSON.stringify(result.warnings))
})
