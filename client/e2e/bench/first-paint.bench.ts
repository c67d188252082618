// The event page's first paint on a throttled phone (`npm run bench:web`, or this file alone):
// a guest opens a share link cold (fresh context, empty cache) on a phone-sized screen with
// Chromium's network and CPU throttled through CDP, and we read the Largest Contentful Paint,
// the moment the grid's first cell exists, and when `/auth/refresh` (if any) and the event's GET
// started and ended. Run against another client build with PROST_WEB_DIR (the "before" numbers).
//
// A measurement, not a pass/fail test. Results go to e2e/artifacts/bench/first-paint.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { PHONE } from '../harness/browser';
import { ARTIFACTS } from '../harness/paths';
import { prostSuite } from '../harness/suite';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Roughly "Fast 3G / slow 4G" as Lighthouse's mobile profile has it, and a mid-range phone's CPU. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

const suite = prostSuite('bench-first-paint');

interface Sample {
  lcp: number;
  gridAt: number;
  refresh: { start: number; end: number } | null;
  event: { start: number; end: number } | null;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

test(`first paint of a share link on a throttled phone, ${RUNS} cold loads`, async () => {
  const organiser = await suite.api.register('Olga');
  const dates = Array.from({ length: 7 }, (_, i) => isoDate(i + 2));
  const event = await suite.api.createGridEvent(organiser, { dates, from: '18:00', to: '23:00', stepMinutes: 30 });
  for (const name of ['Anya', 'Boris', 'Cara', 'Dima', 'Egor']) {
    const guest = await suite.api.joinAsGuest(event.id, name);
    await suite.api.answerAsGuest(event.id, guest, Object.fromEntries(event.slots.filter((_, i) => i % 3 === 0).map((s) => [s.id, 'yes'])));
  }

  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await suite.context(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.addInitScript(() => {
      const w = window as unknown as { prostLcp: number; prostGridAt: number };
      w.prostLcp = 0;
      w.prostGridAt = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.prostLcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new MutationObserver(() => {
        if (!w.prostGridAt && document.querySelector('[role="gridcell"]')) w.prostGridAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`/e/${event.id}`);
    await page.locator('[role="gridcell"]').first().waitFor();
    // LCP is final at the first input; a short wait lets late candidates (the heatmap) report first.
    await page.waitForTimeout(1_500);
    const sample = await page.evaluate(() => {
      const w = window as unknown as { prostLcp: number; prostGridAt: number };
      const timing = (match: (name: string) => boolean) => {
        const entry = performance.getEntriesByType('resource').find((e) => match(e.name)) as PerformanceResourceTiming | undefined;
        return entry ? { start: Math.round(entry.startTime), end: Math.round(entry.responseEnd) } : null;
      };
      return {
        lcp: Math.round(w.prostLcp),
        gridAt: Math.round(w.prostGridAt),
        refresh: timing((n) => n.includes('/auth/refresh')),
        event: timing((n) => /\/api\/v1\/events\/[^/]+$/.test(n)),
      };
    });
    samples.push(sample);
    await context.close();
  }

  const summary = {
    web: process.env.PROST_WEB_DIR ?? 'client/dist',
    runs: RUNS,
    network: NETWORK,
    cpuSlowdown: CPU_SLOWDOWN,
    lcpMedianMs: median(samples.map((s) => s.lcp)),
    gridMedianMs: median(samples.map((s) => s.gridAt)),
    eventRequestStartMedianMs: median(samples.map((s) => s.event?.start ?? NaN)),
    refreshRequests: samples.filter((s) => s.refresh).length,
    samples,
  };
  const dir = join(ARTIFACTS, 'bench');
  await mkdir(dir, { recursive: true });
  const name = process.env.BENCH_LABEL ? `first-paint-${process.env.BENCH_LABEL}.json` : 'first-paint.json';
  await writeFile(join(dir, name), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify({ ...summary, samples: undefined }, null, 2));
  expect(samples.every((s) => s.lcp > 0)).toBe(true);
});
