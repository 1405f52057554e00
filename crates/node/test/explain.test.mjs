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

test('markdown slides are sop explain --format markdown, every file', () => {
  let n = 0
  for (const { file, scenarios } of corpus()) {
    const deck = scenarios.map((s) => sop.explain(s, { format: 'markdown' })).join('\n---\n\n')
    assert.equal(deck, cli(['explain', '--format', 'markdown', file]), file)
    n += scenarios.length
  }
  const { file, scenarios } = corpus().find((f) => f.file === 'fixtures/preflight.json')
  const brief = scenarios.map((s) => sop.explain(s, { format: 'markdown', brief: true })).join('\n---\n\n')
  assert.equal(brief, cli(['explain', '--format', 'markdown', '--brief', file]))
  console.log(`explain markdown: ${n} scenarios equal sop explain --format markdown`)
})

test('an HTML handout is sop explain --format html for that scenario', () => {
  let n = 0
  for (const { file, scenarios } of corpus()) {
    // The first three of each file: one process per scenario.
    for (const s of scenarios.slice(0, 3)) {
      const html = sop.explain(s, { format: 'html' })
      assert.match(html, /^<!DOCTYPE html>/i)
      assert.equal(html, cli(['explain', '--format', 'html', '--name', s.name, file]), `${file}: ${s.name}`)
      n++
    }
  }
  console.log(`explain html: ${n} scenarios equal sop explain --format html`)
})
