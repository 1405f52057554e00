// The playground's script: fills the picker from the corpus, posts the
// scenario in the text area to the server, and shows what comes back.
// It decides nothing about the policy: verdicts, the walkthrough, the fix
// and the diagram are sop's own; this only lays them out.
"use strict";

const $ = (id) => document.getElementById(id);
const filter = $("scenario-filter");
const picker = $("scenario-picker");
const count = $("scenario-count");
const text = $("scenario-json");
const button = $("evaluate");
const result = $("result");
const error = $("error");
const verdict = $("verdict");
const diagram = $("diagram");
const fix = $("fix");
const explanation = $("explanation");

// A scenario to start from when nothing is picked: the README's example.
const STARTER = {
  name: "PUT with a custom header, preflight allows the method but not the header",
  page: "https://app.example/",
  request: { url: "https://api.example/items/7", method: "PUT", headers: { "X-Token": "abc" } },
  responses: [
    {
      url: "https://api.example/items/7", method: "OPTIONS", status: 204,
      headers: { "Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "PUT" },
    },
    { url: "https://api.example/items/7", status: 200 },
  ],
};

// [{file, scenarios: [{name, kind, note, scenario}]}], as /api/corpus sends it.
let corpus = [];
// Which evaluation is the latest: an older answer arriving late is dropped.
let latest = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "field") node.dataset.field = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

const yesNo = (b) => (b ? "yes" : "no");

async function loadCorpus() {
  try {
    const response = await fetch("/api/corpus");
    if (!response.ok) throw new Error(`status ${response.status}`);
    corpus = (await response.json()).files;
  } catch (e) {
    count.textContent = `The corpus could not be loaded (${e.message}); write a scenario below.`;
    return;
  }
  fillPicker();
}

// The picker's options: the scenarios whose file, name or kind hold every
// word of the filter, grouped by file.
function fillPicker() {
  const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = picker.value;
  const own = new Option("(your own: write it below)", "");
  picker.replaceChildren(own);
  let total = 0;
  let shown = 0;
  corpus.forEach((file, f) => {
    const group = el("optgroup", { label: file.file });
    file.scenarios.forEach((s, i) => {
      total += 1;
      const haystack = `${file.file} ${s.name} ${s.kind}`.toLowerCase();
      if (!words.every((w) => haystack.includes(w))) return;
      const option = new Option(`${s.name} (${s.kind})`, `${f}:${i}`);
      option.dataset.file = file.file;
      option.dataset.name = s.name;
      group.append(option);
      shown += 1;
    });
    if (group.children.length > 0) picker.append(group);
  });
  picker.value = [...picker.options].some((o) => o.value === kept) ? kept : "";
  count.textContent = words.length
    ? `${shown} of ${total} scenarios match.`
    : `${total} scenarios in ${corpus.length} files.`;
}

function pick() {
  const [f, i] = picker.value.split(":").map(Number);
  const chosen = corpus[f]?.scenarios[i];
  if (!chosen) return;
  text.value = JSON.stringify(chosen.scenario, null, 2);
  clearError();
}

async function evaluate() {
  const mine = ++latest;
  result.dataset.state = "pending";
  button.disabled = true;
  clearError();
  let answer;
  try {
    const response = await fetch("/api/evaluate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: text.value,
    });
    answer = await response.json();
  } catch (e) {
    answer = { error: { message: `The playground's server did not answer (${e.message}). Is sop serve still running?` } };
  } finally {
    button.disabled = false;
  }
  if (mine !== latest) return;
  if (answer.error) {
    showError(answer.error);
  } else {
    show(answer);
  }
  result.dataset.seq = String(mine);
  result.dataset.state = answer.error ? "error" : "done";
}

function show(answer) {
  verdict.replaceChildren(...answer.parts.flatMap((part, i) => renderPart(answer, part, i)));
  showDiagrams(answer.parts);
  fix.textContent = answer.fix ?? "sop suggests no change.";
  explanation.replaceChildren(...linked(answer.explanation));
}

// One read: sop's verdict line and what the page ends up with, then the
// verdict's fields. Each field a test compares carries data-field, named
// as in the verdict's JSON (`steps[1].outcome`, `results[0].allowed`).
function renderPart(answer, part, i) {
  const v = answer.verdict;
  const fieldsOf = {
    fetch: () => (Array.isArray(v.steps) ? fetchFields(v.steps[i], `steps[${i}].`) : fetchFields(v, "")),
    embed: () => embedFields(v),
    window: () => windowFields(v),
  }[answer.kind];
  return [
    ...(part.heading ? [el("h4", {}, part.heading)] : []),
    el("p", { className: `badge ${part.verdict.tone}` }, part.verdict.text),
    ...part.sees.map((line) => el("p", { className: `sees ${line.tone}` }, line.text)),
    ...(fieldsOf ? fieldsOf() : []),
  ];
}

function fields(rows) {
  const list = el("dl");
  for (const [label, field, value] of rows) {
    if (value === null || value === undefined) continue;
    list.append(el("dt", {}, label), el("dd", field ? { field } : {}, String(value)));
  }
  return list;
}

function fetchFields(v, prefix) {
  return [
    fields([
      ["outcome", `${prefix}outcome`, v.outcome],
      ["reason", `${prefix}reason`, v.reason],
      ["status", `${prefix}status`, v.status],
      ["preflight", `${prefix}preflight`, yesNo(v.preflight)],
      ["readable headers", null, v.exposed_headers.length ? v.exposed_headers.join(", ") : null],
      ["console", `${prefix}message`, v.message],
    ]),
  ];
}

function embedFields(v) {
  return [
    fields([
      ["element", null, v.element],
      ["loaded", "loaded", yesNo(v.loaded)],
      ["readable", "readable", yesNo(v.readable)],
      ["reason", "reason", v.reason],
      ["response", null, v.response],
      ["console", "message", v.message],
    ]),
  ];
}

function windowFields(v) {
  const rows = v.results.map((r, i) => {
    const detail = r.value !== undefined ? `reads ${JSON.stringify(r.value)}` : (r.message ?? "");
    return el(
      "tr", {},
      el("td", {}, String(i + 1)),
      el("td", { field: `results[${i}].operation`, className: "op" }, `${r.op} ${r.path}`),
      el("td", { field: `results[${i}].allowed`, className: r.allowed ? "yes" : "no" }, yesNo(r.allowed)),
      el("td", r.reason ? { field: `results[${i}].reason` } : {}, r.reason ?? ""),
      el("td", {}, detail),
    );
  });
  const head = el("tr", {}, ...["#", "operation", "allowed", "reason", "what the page sees"].map((h) => el("th", { scope: "col" }, h)));
  return [
    fields([
      ["page", null, v.page_origin],
      [`other (${v.as})`, null, v.other_origin],
      ["handle", null, v.handle],
    ]),
    el("table", {},
      el("caption", { className: "hint" }, "What the page's script did with the other window"),
      el("thead", {}, head),
      el("tbody", {}, ...rows)),
  ];
}

// Each diagram is sop's SVG shown as an image: drawn exactly as sop wrote
// it, its style kept apart from the page's, and nothing in it can run.
function showDiagrams(parts) {
  const figures = parts.filter((p) => p.diagram).map((p) => {
    const image = el("img", {
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.diagram)}`,
      alt: svgLabel(p.diagram) ?? "Sequence diagram of the requests and responses",
    });
    return el("figure", {}, ...(p.heading ? [el("figcaption", {}, p.heading)] : []), image);
  });
  diagram.replaceChildren(...(figures.length ? figures : [el("p", { className: "hint" }, "No diagram for this scenario.")]));
}

// The diagram's own description (its aria-label), for the image's alt
// text. Read from the text: parsing the SVG as a document would apply its
// style sheet, which the page's content security policy refuses.
function svgLabel(svg) {
  const quoted = /^<svg [^>]*aria-label="([^"]*)"/.exec(svg)?.[1];
  const entities = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return quoted?.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => entities[name]);
}

// The explanation's text, its links into the standards made clickable.
function linked(words) {
  return words.split(/(https:\/\/[^\s)]+)/).map((part, i) =>
    i % 2 === 1 ? el("a", { href: part }, part) : document.createTextNode(part));
}

function showError(e) {
  verdict.replaceChildren();
  diagram.replaceChildren();
  fix.textContent = "";
  explanation.textContent = "";
  const where = [];
  if (e.path && e.path !== ".") where.push(e.path);
  if (e.line) where.push(`line ${e.line}${e.column ? `, column ${e.column}` : ""}`);
  error.replaceChildren(
    el("p", { className: "title" }, e.path !== undefined ? "This scenario cannot be used" : "The server refused the request"),
    el("p", {}, ...(where.length ? [el("span", { className: "where" }, where.join(", ")), ": "] : []), e.message),
  );
  error.hidden = false;
  if (e.line) markLine(e.line);
}

// Selects the line an error points at, so the text area shows where.
function markLine(line) {
  const lines = text.value.split("\n");
  if (line > lines.length) return;
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  text.setAttribute("aria-invalid", "true");
  text.focus({ preventScroll: true });
  text.setSelectionRange(start, start + lines[line - 1].length);
  const height = parseFloat(getComputedStyle(text).lineHeight) || 24;
  text.scrollTop = Math.max(0, (line - 3) * height);
}

function clearError() {
  error.hidden = true;
  error.replaceChildren();
  text.removeAttribute("aria-invalid");
}

filter.addEventListener("input", fillPicker);
filter.addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown" || e.key === "Enter") {
    e.preventDefault();
    picker.focus();
  }
});
picker.addEventListener("change", pick);
button.addEventListener("click", evaluate);
text.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    evaluate();
  }
});
text.addEventListener("input", () => text.removeAttribute("aria-invalid"));

text.value = JSON.stringify(STARTER, null, 2);
loadCorpus();
