// evaluate() against `sop eval`: every scenario of the corpus, in each mode.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { canonical, cli, corpus, sop } from './helpers.mjs'

const files = corpus()
const total = files.reduce((n, f) => n + f.scenarios.length, 0)

for (const mode of ['enforce', 'report-only', 'off']) {
  test(`the corpus evaluates as sop eval --mode ${mode} does`, () => {
    const lines = cli(['eval', '--mode', mode, 'fixtures/'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    const expected = new Map(lines.map((l) => [`${l.file}: ${l.name}`, l.verdict]))
    assert.equal(expected.size, total, 'sop eval gives one line per scenario')
    let same = 0
    for (const { file, scenarios } of files) {
      for (const scenario of scenarios) {
        const key = `${file}: ${scenario.name}`
        const verdict = sop.evaluate(scenario, { mode })
        assert.equal(canonical(verdict), canonical(expected.get(key)), key)
        same++
      }
    }
    console.log(`evaluate, mode ${mode}: ${same}/${total} scenarios equal sop eval's verdicts`)
    assert.equal(same, total)
  })
}

test('a scenario as JSON text gives the verdict its object gives', () => {
  for (const { scenarios } of files) {
    const s = scenarios[0]
    assert.deepEqual(sop.evaluate(JSON.stringify(s)), sop.evaluate(s))
  }
})

test('lean is sop batch --lean', () => {
  const { scenarios } = files.find((f) => f.file === 'fixtures/preflight.json')
  const input = scenarios.map((s) => JSON.stringify(s)).join('\n') + '\n'
  const lines = cliWithInput(['batch', '--lean', '--mode', 'report-only'], input)
  for (const [i, s] of scenarios.entries()) {
    const verdict = sop.evaluate(s, { lean: true, mode: 'report-only' })
    assert.equal(canonical(verdict), canonical(lines[i].verdict), s.name)
    assert.deepEqual(verdict.trace ?? [], [])
  }
})

function cliWithInput(args, input) {
  return cli([...args, '-'], { input })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
}
