// `npm run size`: the gzipped weight of what a share link (`/e/{id}`) loads before the board can
// show: the entry chunk, the event page's chunk, everything either imports statically, and their
// CSS. Follows Vite's manifest (dist/.vite/manifest.json) rather than guessing from file names.
// Fails above the budget, so the event page cannot quietly grow fat.
//
//   node scripts/bundle-size.mjs [--json] [--route src/pages/EventPage.tsx] [--budget-kb 150]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const DIST = fileURLToPath(new URL('../dist', import.meta.url));
export const EVENT_ROUTE = 'src/pages/EventPage.tsx';
export const BUDGET_KB = 150;

/**
 * The manifest keys a page needs before it renders: `roots` and their static imports,
 * transitively (dynamic imports load later, on demand, so they are not counted).
 */
export function staticClosure(manifest, roots) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk ${key}`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  roots.forEach(visit);
  return [...seen];
}

/** The JS and CSS files of those chunks, each once. */
export function filesOf(manifest, keys) {
  const files = new Set();
  for (const key of keys) {
    files.add(manifest[key].file);
    for (const css of manifest[key].css ?? []) files.add(css);
  }
  return [...files];
}

/** Sizes of the event page's initial JS and CSS: raw, gzip -9 and brotli (as served). */
export async function measure({ dist = DIST, route = EVENT_ROUTE } = {}) {
  const manifest = JSON.parse(await readFile(join(dist, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('the manifest has no entry chunk');
  if (!manifest[route]) {
    const lazy = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry);
    throw new Error(`no chunk for ${route} in the manifest; lazy chunks: ${lazy.join(', ') || 'none'}`);
  }
  const files = [];
  for (const file of filesOf(manifest, staticClosure(manifest, [entry, route]))) {
    const data = await readFile(join(dist, file));
    files.push({
      file,
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  const total = (kind, ext) => files.filter((f) => f.file.endsWith(ext)).reduce((sum, f) => sum + f[kind], 0);
  const totals = {};
  for (const kind of ['raw', 'gzip', 'brotli']) {
    totals[kind] = { js: total(kind, '.js'), css: total(kind, '.css') };
    totals[kind].all = totals[kind].js + totals[kind].css;
  }
  return { route, files, totals };
}

export const kb = (bytes) => (bytes / 1024).toFixed(1);

function report({ route, files, totals }, budgetKb) {
  console.log(`Initial JS + CSS of the event page (entry + ${route}, with their static imports):\n`);
  console.log(`${'file'.padEnd(48)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`);
  for (const f of files) {
    console.log(`${f.file.padEnd(48)} ${kb(f.raw).padStart(8)} ${kb(f.gzip).padStart(8)} ${kb(f.brotli).padStart(8)}`);
  }
  const t = totals;
  console.log(`${'total'.padEnd(48)} ${kb(t.raw.all).padStart(8)} ${kb(t.gzip.all).padStart(8)} ${kb(t.brotli.all).padStart(8)}`);
  console.log(`\ngzip: JS ${kb(t.gzip.js)} KB + CSS ${kb(t.gzip.css)} KB = ${kb(t.gzip.all)} KB (budget ${budgetKb} KB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const budgetKb = Number(option('--budget-kb', BUDGET_KB));
  const result = await measure({ route: option('--route', EVENT_ROUTE) });
  if (args.includes('--json')) console.log(JSON.stringify(result));
  else report(result, budgetKb);
  if (result.totals.gzip.all > budgetKb * 1024) {
    console.error(`size: ${kb(result.totals.gzip.all)} KB gzipped is over the ${budgetKb} KB budget`);
    process.exit(1);
  }
}
