// origin() and compare() against `sop origin --format json`.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { cli, sop } from './helpers.mjs'

const urls = [
  'https://a.example.co.uk:8443/x',
  'http://b.example.co.uk/',
  'about:blank',
  'about:srcdoc',
  'https://xn--bcher-kva.example/',
  'https://bücher.example/',
  'http://[::1]:8080/',
  'http://127.0.0.1:80/',
  'file:///etc/hosts',
  'data:,x',
  'javascript:1',
  'blob:https://a.example/uuid',
  'http://api.localhost/',
  'https://github.io/',
  'https://x.github.io/',
  'wss://a.example:443/',
]

test('origin(url) is sop origin --format json URL', () => {
  for (const url of urls) {
    assert.deepEqual(sop.origin(url), JSON.parse(cli(['origin', '--format', 'json', url])), url)
  }
})

test('compare(a, b) is sop origin --format json A B', () => {
  let n = 0
  for (const a of urls) {
    for (const b of urls.slice(0, 6)) {
      assert.deepEqual(sop.compare(a, b), JSON.parse(cli(['origin', '--format', 'json', a, b])), `${a} ${b}`)
      n++
    }
  }
  console.log(`compare: ${n} pairs equal sop origin's`)
})

test('a URL that does not parse is an error naming the argument', () => {
  assert.throws(() => sop.origin('https://exa mple/'), {
    code: 'SOP_INVALID_URL',
    path: 'url',
    message: /cannot parse "https:\/\/exa mple\/" as a URL/,
  })
  assert.throws(() => sop.compare('https://a.example/', '/relative'), { code: 'SOP_INVALID_URL', path: 'b' })
  assert.throws(() => sop.compare(1, 'https://a.example/'), { code: 'SOP_INVALID_ARGUMENT', path: 'a' })
  assert.throws(() => sop.origin(), { code: 'SOP_INVALID_ARGUMENT', path: 'url' })
})
