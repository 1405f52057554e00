/* The types of sop's scenarios and results. Written by hand (napi-rs
   prepends this file to the generated index.d.ts): the JSON shapes come
   from sop's Rust serialisers, which napi-rs cannot see through. The
   scenario format is docs/scenario.schema.json and docs/fixture-format.md
   at the repository's root. */

/** A scenario in sop's fixture format (docs/fixture-format.md): a fetch
 * (`request` and `responses`, or `steps`), an `embed` or a `window`. sop
 * validates it and throws a {@link SopError} naming the JSON path of
 * anything wrong, so the type is kept open. */
export interface Scenario {
  name: string
  kind?: 'fetch' | 'embed' | 'window'
  page: string
  [field: string]: unknown
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Leave out the trace, the fix and the warnings, as `sop batch --lean`. */
  lean?: boolean
  /** As `sop eval --mode`: what the browser does (`enforce`, the
   * default), the same verdict plus what script would be handed
   * (`report-only`), or the same-origin policy switched off (`off`). */
  mode?: 'enforce' | 'report-only' | 'off'
}

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** Only the failing step, the wire, the verdict, the message and the fix
   * (in `markdown` and `html`: only the failing decisions). */
  brief?: boolean
  /** Links into the standards after each decision (text only; default true). */
  links?: boolean
  /** Wrap the text at this many columns; 0 or absent never wraps. */
  width?: number
  /** `text` (default), `markdown` (a slide: the wire as a Mermaid sequence
   * diagram) or `html` (one self-contained handout, the wire as SVG), as
   * `sop explain --format`. */
  format?: 'text' | 'markdown' | 'html'
}

/** A request that reached a server, with the headers the fixture format names. */
export interface WireRequest {
  method: string
  url: string
  headers: Record<string, string>
}

/** One decision of the trace, with the standard's anchor it follows. */
export interface TraceEntry {
  anchor: string
  link: string
  step: string
  decision: string
  detail: string
}

/** The smallest change that makes the read work, verified by evaluating again. */
export interface Fix {
  possible: boolean
  /** Headers to set on the answer to each request. */
  changes?: Array<{ method: string; url: string; set: Record<string, string> }>
  /** Attributes to write on the embedding element. */
  markup?: Array<{ element: string; attribute: string; value: string }>
  why: string
  [field: string]: unknown
}

/** Something in the scenario that may not be what its author meant. */
export interface ScenarioWarning {
  code: string
  message: string
}

/** What script is handed when the policy is not enforced (`mode: 'report-only'`). */
export interface Delivered {
  outcome: 'exposed' | 'opaque' | 'blocked'
  reason: string | null
  status: number
  exposed_headers: string[]
  body: string
  url: string
  requests: WireRequest[]
}

/** The verdict on one fetch() or XMLHttpRequest call. */
export interface FetchVerdict {
  outcome: 'exposed' | 'opaque' | 'blocked'
  /** The reason code (docs/reasons.md) when not exposed as asked. */
  reason: string | null
  preflight: boolean
  status: number
  exposed_headers: string[]
  body: string
  requests: WireRequest[]
  url: string
  /** Chromium's console message, when it prints one. */
  message: string | null
  fix: Fix | null
  trace: TraceEntry[]
  warnings?: ScenarioWarning[]
  enforcement?: 'report-only' | 'off'
  delivered?: Delivered
}

/** The verdict on a `steps` scenario: one per call, in order. */
export interface StepsVerdict {
  steps: FetchVerdict[]
  warnings?: ScenarioWarning[]
}

/** The verdict on an element embedding another origin's resource. */
export interface EmbedVerdict {
  element: string
  asked: { mode: string; credentials: string; destination: string }
  loaded: boolean
  readable: boolean
  reason: string | null
  response: string | null
  message: string | null
  requests: WireRequest[]
  fix: Fix | null
  trace: TraceEntry[]
  warnings?: ScenarioWarning[]
  [field: string]: unknown
}

/** The verdict on a script reaching into another window. */
export interface WindowVerdict {
  as: string
  handle: string
  page_origin: string
  other_origin: string
  page_domain?: string
  other_domain?: string
  document_domain?: Record<string, unknown>
  results: Array<{ op: string; allowed: boolean; reason?: string; message?: string; [field: string]: unknown }>
  requests: WireRequest[]
  trace: TraceEntry[]
  warnings?: ScenarioWarning[]
  [field: string]: unknown
}

/** What {@link evaluate} returns: `sop eval`'s `"verdict"` for the scenario's kind. */
export type Verdict = FetchVerdict | StepsVerdict | EmbedVerdict | WindowVerdict

/** One field where the verdict differs from the scenario's `expect`. */
export interface Mismatch {
  /** Its JSON path: `expect.reason`, `steps[1].expect.requests[0].headers.origin`. */
  field: string
  expected: unknown
  actual: unknown
  /** The line `sop check` prints for it. */
  message: string
}

/** What {@link check} returns. */
export interface CheckResult {
  status: 'passed' | 'failed' | 'no-expectation'
  mismatches: Mismatch[]
  warnings: Array<ScenarioWarning & { likely_mistake: boolean }>
}

/** What {@link origin} returns: `sop origin --format json URL`. */
export interface OriginDescription {
  url: string
  origin: string
  unicode: string
  opaque_reason: string | null
  default_port_dropped: number | null
  origin_note: string | null
  site: string
  registrable_domain: string | null
  trustworthy: boolean
  trustworthy_reason: string
}

/** What {@link compare} returns: `sop origin --format json A B`. */
export interface OriginComparison {
  a: OriginDescription
  b: OriginDescription
  same_origin: boolean
  same_origin_reason: string
  same_site: boolean
  same_site_reason: string
  schemelessly_same_site: boolean
  schemelessly_same_site_reason: string
}

/** What every function throws on bad input: an `Error` with these. */
export interface SopError extends Error {
  /** `SOP_INVALID_ARGUMENT`, `SOP_INVALID_SCENARIO`, `SOP_INVALID_OPTION`,
   * `SOP_INVALID_URL` or `SOP_INTERNAL` (a bug). */
  code: string
  /** Where: the scenario's JSON path as sop writes it (`responses[0].status`,
   * `.` for the whole input), `options.<name>`, or `url`, `a`, `b`. */
  path: string
  /** The scenario the error is in, when it has a name. */
  scenario?: string
}
