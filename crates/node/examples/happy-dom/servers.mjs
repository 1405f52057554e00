// How the servers of a scenario answer, as sop's fixture format says
// (sop-verdict's servers.rs): the first `responses` entry whose URL
// (without the fragment) and method match; an entry without a method
// answers any but OPTIONS; no entry is a 404 with no headers.

/** The entry answering `method url`, or undefined (a 404). */
export function answer(responses, method, url) {
  const key = withoutFragment(url)
  return responses.find(
    (r) => (r.method ? r.method === method : method !== 'OPTIONS') && withoutFragment(r.url) === key,
  )
}

function withoutFragment(url) {
  try {
    const u = new URL(url)
    u.hash = ''
    return u.href
  } catch {
    return url
  }
}

/** An entry's headers, `{name: value}` or `[[name, value], ...]`, as pairs. */
export function headerPairs(headers = {}) {
  return Array.isArray(headers) ? headers : Object.entries(headers)
}
