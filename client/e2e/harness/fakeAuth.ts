// The fake SMTP server and OpenID Connect provider for account tests (`prost-fake-auth`, built
// from testing/fake-auth): real servers on 127.0.0.1 whose mail the tests read back and whose
// sign-ins they choose. See /work/notes/accounts-fakes.md for its API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './paths';

/** The provider id prost is configured with, and the name its button shows. */
export const OIDC_PROVIDER = 'local';
export const OIDC_NAME = 'Local ID';

export interface Mail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Who the provider signs in next (sticky until changed), and how it should misbehave. */
export interface OidcLogin {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  fault?: 'none' | 'wrong_audience' | 'wrong_nonce' | 'bad_signature' | 'wrong_issuer' | 'expired' | 'denied';
}

interface Started {
  smtpUrl: string;
  mailApi: string;
  oidcIssuer: string;
  oidcClientId: string;
  oidcClientSecret: string;
}

function binary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? join(REPO_ROOT, 'target');
  const bin = process.env.PROST_FAKE_AUTH_BIN ?? join(target, 'debug', 'prost-fake-auth');
  if (!existsSync(bin)) throw new Error(`no fake auth server at ${bin}: run \`cargo build -p prost-fake-auth\``);
  return bin;
}

export class FakeAuth {
  private child: ChildProcess | undefined;
  private started: Started | undefined;

  async start(): Promise<void> {
    const child = spawn(binary(), [], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    const lines = createInterface({ input: child.stdout! });
    this.started = await new Promise<Started>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('prost-fake-auth did not say where it listens within 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`prost-fake-auth exited with ${code}`)));
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Started);
      });
    });
  }

  private get ready(): Started {
    if (!this.started) throw new Error('the fake auth server is not started');
    return this.started;
  }

  /** What prost needs to mail through the fake and sign in with its provider. */
  env(): Record<string, string> {
    const s = this.ready;
    const id = OIDC_PROVIDER.toUpperCase();
    return {
      PROST_SMTP_URL: s.smtpUrl,
      PROST_MAIL_FROM: 'Prost <prost@example.com>',
      PROST_OIDC_PROVIDERS: OIDC_PROVIDER,
      [`PROST_OIDC_${id}_ISSUER`]: s.oidcIssuer,
      [`PROST_OIDC_${id}_CLIENT_ID`]: s.oidcClientId,
      [`PROST_OIDC_${id}_CLIENT_SECRET`]: s.oidcClientSecret,
      [`PROST_OIDC_${id}_NAME`]: OIDC_NAME,
    };
  }

  async mailTo(address: string): Promise<Mail[]> {
    const response = await fetch(`${this.ready.mailApi}/messages?to=${encodeURIComponent(address)}`);
    if (!response.ok) throw new Error(`fake mail: ${response.status}`);
    return (await response.json()) as Mail[];
  }

  /**
   * The path and query of the first link in mail to `address` matching `pattern` (say
   * `/reset-password`), waiting for the outbox to deliver it; `after` skips mails already seen.
   */
  async linkFrom(address: string, pattern: string, after = 0, timeoutMs = 15_000): Promise<{ path: string; mail: Mail; count: number }> {
    const deadline = Date.now() + timeoutMs;
    const link = new RegExp(`https?://[^\\s"<>]*${pattern.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_.~%-]+`);
    for (;;) {
      const mails = await this.mailTo(address);
      for (const mail of mails.slice(after)) {
        const found = mail.text.match(link);
        if (found) {
          const url = new URL(found[0]);
          return { path: url.pathname + url.search, mail, count: mails.length };
        }
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${address} with a ${pattern} link within ${timeoutMs} ms (got ${mails.length})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async signInNextAs(login: OidcLogin): Promise<void> {
    const response = await fetch(`${this.ready.oidcIssuer}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'none', ...login }),
    });
    if (response.status !== 204) throw new Error(`fake provider /login: ${response.status}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
