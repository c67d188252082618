// Stroke latency, browser to browser (`npm run bench:web`): a painter and a watcher in two
// browser contexts on one event; the painter paints 100 short strokes, one after another, and
// for each we take the time from the painter's pointer release (a two-cell stroke is sent whole on release)
// to the moment the watcher's grid shows every cell of it. Both pages run in one browser on one
// machine, so their wall clocks (`performance.timeOrigin + performance.now()`) agree.
//
// A measurement, not a pass/fail test: it only fails when it cannot measure. Results go to
// e2e/artifacts/bench/stroke-latency.json; scripts/web-bench-report.mjs writes them into
// docs/benchmarks.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { CHROMIUM } from '../harness/browser';
import { ARTIFACTS } from '../harness/paths';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const STROKES = Number(process.env.BENCH_STROKES ?? 100);
const suite = prostSuite('bench');

interface Probe {
  ups: number[];
  changes: { id: string; count: string; at: number }[];
}

/** Records the painter's pointer releases. */
async function watchReleases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { prostProbe: Probe };
    w.prostProbe = { ups: [], changes: [] };
    window.addEventListener('pointerup', () => w.prostProbe.ups.push(performance.timeOrigin + performance.now()), true);
  });
}

/** Records, on the watcher, every change of a cell's yes-count, whether React re-rendered it in
 *  place or replaced it. */
async function watchCounts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { prostProbe: Probe };
    w.prostProbe = { ups: [], changes: [] };
    const last = new Map<string, string>();
    const scan = () => {
      const at = performance.timeOrigin + performance.now();
      for (const cell of document.querySelectorAll('[role="gridcell"][data-slot-id]')) {
        const id = cell.getAttribute('data-slot-id') ?? '';
        const count = cell.getAttribute('data-yes-count') ?? '';
        if (last.get(id) !== count) {
          if (last.has(id)) w.prostProbe.changes.push({ id, count, at });
          last.set(id, count);
        }
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-yes-count'] });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

test(`${STROKES} strokes, painter to watcher`, async () => {
  const organiser = await suite.api.register('Olga');
  // Four evenings of quarter-hours: 80 cells, so strokes of two cells rarely repeat.
  const event = await suite.api.createGridEvent(organiser, {
    dates: [isoDate(3), isoDate(4), isoDate(5), isoDate(6)],
    from: '18:00',
    to: '23:00',
    stepMinutes: 15,
  });
  const painter = await BoardPage.open(await (await suite.context()).newPage(), event.id);
  const watcher = await BoardPage.open(await (await suite.context()).newPage(), event.id);
  await painter.join('Painter');
  await painter.pick('yes');
  await watcher.waitConnected();
  await watchReleases(painter.page);
  await watchCounts(watcher.page);

  // Pairs of vertically adjacent cells: consecutive quarter-hours of one evening (Berlin
  // evenings fall on one UTC date, so the UTC date groups them).
  const byDay = new Map<string, { id: string; start: string }[]>();
  for (const slot of event.slots) byDay.set(slot.start.slice(0, 10), [...(byDay.get(slot.start.slice(0, 10)) ?? []), slot]);
  const pairs: [string, string][] = [];
  for (const day of byDay.values()) {
    const ordered = day.sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 0; i + 1 < ordered.length; i += 2) pairs.push([ordered[i]!.id, ordered[i + 1]!.id]);
  }

  const painted = new Set<string>();
  const latencies: number[] = [];
  for (let i = 0; i < STROKES; i += 1) {
    const [a, b] = pairs[i % pairs.length]!;
    // A stroke that starts on a painted cell wipes; one that starts on an empty cell paints.
    const expected = painted.has(a) ? '0' : '1';
    await painter.drag(a, b);
    await watcher.waitForCount(a, Number(expected));
    await watcher.waitForCount(b, Number(expected));
    for (const id of [a, b]) if (expected === '1') painted.add(id); else painted.delete(id);

    const released = (await painter.page.evaluate(() => (window as unknown as { prostProbe: Probe }).prostProbe.ups.at(-1))) ?? NaN;
    const shown = await watcher.page.evaluate(
      ([ids, count]) =>
        Math.max(
          ...ids.map(
            (id) => (window as unknown as { prostProbe: Probe }).prostProbe.changes.filter((c) => c.id === id && c.count === count).at(-1)?.at ?? NaN,
          ),
        ),
      [[a, b], expected] as const,
    );
    latencies.push(shown - released);
  }

  const sorted = [...latencies].sort((x, y) => x - y);
  const result = {
    strokes: STROKES,
    cellsPerStroke: 2,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? NaN,
    meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    minMs: sorted[0] ?? NaN,
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    chromium: CHROMIUM,
    browserVersion: painter.page.context().browser()?.version() ?? 'unknown',
    prostBin: process.env.PROST_BIN ?? 'target/debug/prost',
  };
  const dir = join(ARTIFACTS, 'bench');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'stroke-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`stroke latency over ${STROKES} strokes: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms`);
  // Only a broken measurement fails: every stroke showed up, after it was sent.
  expect(latencies.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
});
