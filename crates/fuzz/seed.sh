#!/usr/bin/env bash
# Seed the fuzz corpora from the fixture corpus and the standards' test data.
# Usage: bash crates/fuzz/seed.sh   (run from the repository root)
set -euo pipefail
corpus=crates/fuzz/corpus
mkdir -p "$corpus"/{batch,fixture,headers,mime,origin}
python3 - "$corpus" <<'PY'
import hashlib, json, pathlib, sys
corpus = pathlib.Path(sys.argv[1])
# The standards' data, vendored beside the tests that read it.
mime_data = pathlib.Path("crates/fetch-model/tests/data")
url_data = pathlib.Path("crates/origin/tests/data")
def put(target, data):
    data = data.encode() if isinstance(data, str) else data
    (corpus / target / hashlib.sha1(data).hexdigest()).write_bytes(data)
for f in sorted(pathlib.Path("fixtures").glob("*.json")):
    text = f.read_text()
    put("fixture", text)
    # batch: a knob byte (buffer size, line limit, jobs), then JSON Lines.
    lines = "\n".join(json.dumps(s) for s in json.loads(text)["scenarios"][:8])
    for knob in (0x00, 0x23, 0x3f):
        put("batch", bytes([knob]) + lines.encode())
    for s in json.loads(text)["scenarios"]:
        put("fixture", json.dumps(s))
        # Fixtures are Chromium's; the spec profile is reached only from here.
        put("fixture", json.dumps({**s, "profile": "spec"}))
        for h in (s.get("request") or {}).get("headers") or []:
            pair = h if isinstance(h, list) else [h, s["request"]["headers"][h]]
            put("headers", f"{pair[0]}: {pair[1]}")
        for r in s.get("responses", []):
            hs = r.get("headers") or {}
            items = hs.items() if isinstance(hs, dict) else hs
            put("headers", "\n".join(f"{n}: {v}" for n, v in items))
for name in ("mime-types.json", "generated-mime-types.json"):
    for case in json.loads((mime_data / name).read_text()):
        if isinstance(case, dict):
            put("mime", case["input"])
for case in json.loads((url_data / "urltestdata.json").read_text()):
    if isinstance(case, dict):
        put("origin", case["input"])
        if case.get("href"):
            put("origin", case["href"])
PY
for t in batch fixture headers mime origin; do echo "$t: $(ls "$corpus/$t" | wc -l) seeds"; done
