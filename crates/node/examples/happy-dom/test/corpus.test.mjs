// happy-dom with sop in front must do what Chromium does on every
// scenario of corpus.mjs's set; alone, its count is only recorded.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { agrees, summary } from '../corpus.mjs'

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus.mjs')

test('happy-dom with sop in front agrees with Chromium on every scenario', () => {
  const rows = JSON.parse(execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }))
  assert.ok(rows.length >= 30, `${rows.length} scenarios`)
  const missed = rows.filter((r) => !agrees(r, r.withSop)).map((r) => `${r.file}: ${r.name}: ${JSON.stringify(r.withSop)}`)
  console.log(summary(rows))
  assert.deepEqual(missed, [])
  for (const r of rows.filter((r) => r.withSop.outcome === 'blocked')) {
    const { error, sop, logged } = r.withSop
    if (error.startsWith("TypeError: Failed to execute 'fetch'")) {
      // fetch() itself throws: the message is the exception's, nothing logged.
      assert.equal(error, `TypeError: ${sop.message}`, r.name)
      assert.deepEqual(logged, [], r.name)
    } else {
      // Chromium's rejection, and its console line.
      assert.equal(error, 'TypeError: Failed to fetch', r.name)
      assert.deepEqual(logged, sop.message ? [sop.message] : [], r.name)
    }
  }
  for (const r of rows.filter((r) => r.withSop.outcome === 'opaque')) assert.equal(r.withSop.status, 0, r.name)
})
