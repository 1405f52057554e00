// explain() against `sop explain`: every scenario of the corpus, as the
// CLI prints a whole file (explanations joined by its separator line).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { cli, corpus, sop } from './helpers.mjs'

const separator = `\n${'-'.repeat(72)}\n\n`

test('every file explains as sop explain explains it', () => {
  let n = 0
  for (const { file, scenarios } of corpus()) {
    const ours = scenarios.map((s) => sop.explain(s)).join(separator)
    assert.equal(ours, cli(['explain', '--color', 'never', file]), file)
    n += scenarios.length
  }
  console.log(`explain: ${n} scenarios equal sop explain's text`)
})

test('brief, links and width are the CLI flags', () => {
  for (const file of ['fixtures/preflight.json', 'fixtures/embeds-images.json', 'fixtures/windows-popups.json']) {
    const { scenarios } = corpus().find((f) => f.file === file)
    const ours = scenarios.map((s) => sop.explain(s, { brief: true, links: false, width: 60 })).join(separator)
    const theirs = cli(['explain', '--color', 'never', '--brief', '--no-links', '--width', '60', file])
    assert.equal(ours, theirs, file)
  }
})

test('width 0 never wraps, as --width 0', () => {
  const { scenarios } = corpus().find((f) => f.file === 'fixtures/redirects.json')
  assert.equal(sop.explain(scenarios[0], { width: 0 }), sop.explain(scenarios[0]))
  assert.notEqual(sop.explain(scenarios[0], { width: 40 }), sop.explain(scenarios[0]))
})
