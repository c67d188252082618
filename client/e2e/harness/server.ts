// The real `prost` binary for one test file: a free port, a fresh data dir, the built client
// from dist/. Stopped with SIGTERM (it drains and exits) so every file leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, CLIENT_DIR, REPO_ROOT } from './paths';

export interface ProstServer {
  /** `http://127.0.0.1:<port>`: the browser must use this exact origin (the live socket checks it). */
  base: string;
  stop(): Promise<void>;
}

/** `$PROST_BIN`, else the debug build in Cargo's target dir (CI moves it with CARGO_TARGET_DIR). */
export function prostBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? join(REPO_ROOT, 'target');
  const bin = process.env.PROST_BIN ?? join(target, 'debug', 'prost');
  if (!existsSync(bin)) throw new Error(`no prost binary at ${bin}: run \`cargo build\` or set PROST_BIN`);
  return bin;
}

function webDir(): string {
  const dir = process.env.PROST_WEB_DIR ?? join(CLIENT_DIR, 'dist');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`no client build in ${dir}: run \`npm run build\` first`);
  }
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHealthy(base: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prost exited with ${child.exitCode}; see ${logPath}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prost did not become healthy within 30 s; see ${logPath}`);
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface ProstOptions {
  /** Extra environment, e.g. TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL pointing at the fake bot API. */
  env?: Record<string, string>;
  /** Set `PROST_PUBLIC_URL` to the server's own origin (mailed links and OIDC redirects use it). */
  publicUrlIsOwn?: boolean;
}

/** Starts prost; `name` names its log file in e2e/artifacts/logs/. */
export async function startProst(name: string, options: ProstOptions = {}): Promise<ProstServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'prost-e2e-'));
  const logDir = join(ARTIFACTS, 'logs');
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROST_ADDR: `127.0.0.1:${port}`,
    PROST_DATA_DIR: dataDir,
    PROST_WEB_DIR: webDir(),
    // Every test signs up from 127.0.0.1; the production budget is per person, not per suite.
    PROST_AUTH_RATE_PER_MIN: '10000',
    // Browsers in parallel files open many boards from 127.0.0.1; the default cap is per household.
    PROST_MAX_SOCKETS_PER_IP: '1000',
    PROST_READ_RATE_PER_MIN: '1000000',
    PROST_COMMENT_RATE_PER_MIN: '100000',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  delete env.MONGODB_URI;
  delete env.PROST_PUBLIC_URL;
  // Telegram only where a test brings its fake: never the real API from a developer's shell.
  delete env.TELEGRAM_BOT_TOKEN;
  delete env.TELEGRAM_API_URL;
  // Mail and social login likewise: only the fakes a suite starts (`accounts: true`).
  delete env.PROST_SMTP_URL;
  delete env.PROST_OIDC_PROVIDERS;
  Object.assign(env, options.env);
  if (options.publicUrlIsOwn) env.PROST_PUBLIC_URL = base;
  const child = spawn(prostBinary(), ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    await waitHealthy(base, child, logPath);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      if (!(await exited(child, 15_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
      log.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
