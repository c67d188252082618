// Writes the "Web client" section of docs/benchmarks.md (the last step of `npm run bench:web`):
// the event page's bundle sizes, measured now from dist/, and the stroke latencies the bench just
// wrote to e2e/artifacts/bench/stroke-latency.json. Only that section is replaced, so the rest
// of the page (scripts/bench.sh's) stays as it is.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BUDGET_KB, kb, measure } from './bundle-size.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPORT = `${ROOT}docs/benchmarks.md`;
const LATENCY = fileURLToPath(new URL('../e2e/artifacts/bench/stroke-latency.json', import.meta.url));
const HEADING = '## Web client';

function commit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

function section(sizes, latency) {
  const ms = (v) => v.toFixed(1);
  const lines = [
    HEADING,
    '',
    'Written by `make bench-web` (run by `make bench` after `scripts/bench.sh`), which builds the',
    'client and the release server, then runs `cd client && PROST_BIN=<target>/release/prost npm run bench:web`.',
    '',
    `- date: ${latency.date}`,
    `- commit: ${commit()}`,
    `- machine: ${latency.cpu} × ${latency.cores} cores; Chromium ${latency.browserVersion} (headless, \`${latency.chromium}\`)`,
    `- server: \`${latency.prostBin}\`, embedded store`,
    '',
    '### Event page weight',
    '',
    `What a share link (\`/e/{id}\`) loads before the board can render: the entry chunk, the event page's`,
    `chunk, their static imports and CSS (\`npm run size\`, which fails above ${BUDGET_KB} KB gzipped; \`make test\``,
    'runs it). Lazy chunks such as the map load later and are not counted. The server sends the',
    'brotli files to browsers that accept them.',
    '',
    '| file | raw KB | gzip KB | brotli KB |',
    '|---|---:|---:|---:|',
    ...sizes.files.map((f) => `| \`${f.file}\` | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`),
    `| **total** (JS ${kb(sizes.totals.gzip.js)} + CSS ${kb(sizes.totals.gzip.css)} gzip) | ${kb(sizes.totals.raw.all)} | **${kb(sizes.totals.gzip.all)}** | ${kb(sizes.totals.brotli.all)} |`,
    '',
    '### Stroke latency, browser to browser',
    '',
    '`client/e2e/bench/stroke-latency.bench.ts`: a painter and a watcher, two browser contexts on one',
    `event; the painter paints ${latency.strokes} strokes of ${latency.cellsPerStroke} cells one after another (painting, or wiping`,
    "what an earlier stroke painted). Each is timed from the painter's pointer release (a stroke is sent",
    "while it is painted, at most every 80 ms, and its last part on release; these short strokes go out",
    "whole on release) to the moment the watcher's grid shows all its cells: the client's stroke handling,",
    'the WebSocket, the event actor with its write-through to the store, the fan-out, and the',
    "watcher's decode and render. Both pages share one browser and one clock.",
    '',
    '| strokes | p50 ms | p95 ms | max ms | mean ms | min ms |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${latency.strokes} | ${ms(latency.p50Ms)} | ${ms(latency.p95Ms)} | ${ms(latency.maxMs)} | ${ms(latency.meanMs)} | ${ms(latency.minMs)} |`,
    '',
  ];
  return lines.join('\n');
}

/** `text` with its Web client section replaced by `replacement` (or appended). */
export function replaceSection(text, replacement) {
  const start = text.indexOf(`\n${HEADING}\n`);
  if (start < 0) return `${text.trimEnd()}\n\n${replacement}`;
  const next = text.indexOf('\n## ', start + 1);
  const rest = next < 0 ? '' : text.slice(next);
  return `${text.slice(0, start).trimEnd()}\n\n${replacement}${rest ? `\n${rest.trimStart()}` : ''}`;
}

const latency = JSON.parse(await readFile(LATENCY, 'utf8'));
const sizes = await measure();
let report = '';
try {
  report = await readFile(REPORT, 'utf8');
} catch {
  report = '# Benchmarks\n';
}
await writeFile(REPORT, replaceSection(report, section(sizes, latency)).trimEnd() + '\n');
console.log(`web-bench-report: wrote the "${HEADING.slice(3)}" section of docs/benchmarks.md`);
