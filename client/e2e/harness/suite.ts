// One server and one browser per test file. Contexts are per test (closed after it) or, for a
// story told over several tests, per file. When a test fails, every open page is screenshotted
// into e2e/artifacts/failures/ and the pages' errors are printed.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Api } from './api';
import { DESKTOP, launchBrowser } from './browser';
import { ARTIFACTS } from './paths';
import { FakeAuth } from './fakeAuth';
import { BOT_TOKEN, FakeTelegram } from './fakeTelegram';
import { startProst, type ProstServer } from './server';

export interface Suite {
  /** The server's origin. */
  readonly base: string;
  readonly api: Api;
  /** A new context (desktop unless `options` say otherwise) whose relative URLs go to the server. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Like `context`, but kept open until the file's last test is done. */
  lastingContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** The fake Telegram Bot API the server talks to (suites started with `telegram: true`). */
  readonly telegram: FakeTelegram;
  /** The fake SMTP server and OpenID Connect provider (suites started with `accounts: true`). */
  readonly auth: FakeAuth;
}

export interface SuiteOptions {
  /** Start a fake Bot API first and give the server a bot token pointing at it. */
  telegram?: boolean;
  /** Start the fake SMTP server and OIDC provider, and point the server's mail and login at them. */
  accounts?: boolean;
  /** More environment for the server. */
  env?: Record<string, string>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

interface Opened {
  context: BrowserContext;
  errors: string[];
}

/** Registers the hooks for a file named `name` (used for its log and failure screenshots). */
export function prostSuite(name: string, options: SuiteOptions = {}): Suite {
  let server: ProstServer | undefined;
  let telegram: FakeTelegram | undefined;
  let auth: FakeAuth | undefined;
  let browser: Browser | undefined;
  let api: Api | undefined;
  let opened: Opened[] = [];
  const lasting: Opened[] = [];

  beforeAll(async () => {
    const env = { ...options.env };
    if (options.telegram) {
      telegram = new FakeTelegram();
      await telegram.start();
      Object.assign(env, { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.base });
    }
    if (options.accounts) {
      auth = new FakeAuth();
      await auth.start();
      Object.assign(env, auth.env());
    }
    // The provider sends the browser back to the server's public URL: its own origin here.
    server = await startProst(name, { env, publicUrlIsOwn: options.accounts });
    api = new Api(server.base);
    browser = await launchBrowser();
  });

  afterEach(async ({ task }) => {
    const failed = task.result?.state === 'fail';
    if (failed) await keepEvidence(`${task.suite?.name ?? ''} ${task.name}`, [...lasting, ...opened]);
    await Promise.all(opened.map(({ context }) => context.close()));
    opened = [];
  });

  afterAll(async () => {
    await Promise.all(lasting.map(({ context }) => context.close()));
    await browser?.close();
    await server?.stop();
    await telegram?.stop();
    await auth?.stop();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite is not started yet (use it inside tests)');
    return value;
  };

  const open = async (contextOptions: BrowserContextOptions, into: Opened[]) => {
    const context = await ready(browser).newContext({ ...DESKTOP, ...contextOptions, baseURL: ready(server).base });
    // Tests talk to 127.0.0.1 only: map tiles and anything else off the machine are refused
    // (the map then shows its grey background, which is fine for a test).
    await context.route((url) => !LOCAL_HOSTS.has(url.hostname), (route) => route.abort('blockedbyclient'));
    const entry: Opened = { context, errors: [] };
    context.on('weberror', (error) => entry.errors.push(String(error.error())));
    context.on('console', (message) => {
      if (message.type() === 'error') entry.errors.push(message.text());
    });
    into.push(entry);
    return context;
  };

  return {
    get base() {
      return ready(server).base;
    },
    get api() {
      return ready(api);
    },
    get telegram() {
      if (!options.telegram) throw new Error(`suite ${name} was started without telegram: true`);
      return ready(telegram);
    },
    get auth() {
      if (!options.accounts) throw new Error(`suite ${name} was started without accounts: true`);
      return ready(auth);
    },
    context: (contextOptions = {}) => open(contextOptions, opened),
    lastingContext: (contextOptions = {}) => open(contextOptions, lasting),
  };
}

async function keepEvidence(testName: string, opened: Opened[]): Promise<void> {
  const dir = join(ARTIFACTS, 'failures');
  await mkdir(dir, { recursive: true });
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  let n = 0;
  for (const { context, errors } of opened) {
    for (const page of context.pages()) {
      n += 1;
      await page.screenshot({ path: join(dir, `${slug}-${n}.png`), fullPage: true }).catch(() => undefined);
    }
    if (errors.length) console.warn(`[${testName}] browser errors:\n  ${errors.join('\n  ')}`);
  }
}
