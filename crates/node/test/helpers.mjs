// What the tests share: the package, the sop binary to compare it with,
// and the fixture corpus.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const sop = createRequire(import.meta.url)('../index.js')

// The CLI the package must agree with: $SOP_BIN, or the debug or release
// build in the workspace's target folder (cargo build, or cargo test).
const bin = [process.env.SOP_BIN, join(root, 'target/debug/sop'), join(root, 'target/release/sop')].find(
  (p) => p && existsSync(p),
)

/** Runs `sop ARGS...` in the repository's root (with `input` on its
 * standard input) and returns its stdout; with `allowFailure`, also when
 * it exits with an error. */
export function cli(args, { allowFailure = false, input } = {}) {
  if (!bin) throw new Error('no sop binary: run `cargo build` at the repository root, or set SOP_BIN')
  try {
    return execFileSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
  } catch (e) {
    if (allowFailure && typeof e.stdout === 'string') return e.stdout
    throw e
  }
}

/** Every fixture file: [{file: 'fixtures/x.json', scenarios: [object, ...]}]. */
export function corpus() {
  return readdirSync(join(root, 'fixtures'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const json = JSON.parse(readFileSync(join(root, 'fixtures', f), 'utf8'))
      return { file: `fixtures/${f}`, scenarios: json.scenarios ?? [json] }
    })
}

/** JSON with every object's keys sorted, so equal values print equal. */
export function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  )
}
