// A fake Telegram Bot API: a real HTTP server on 127.0.0.1 that speaks the documented shapes, so
// the e2e tests drive prost's bot the way Telegram would. `POST /bot<token>/<method>` (JSON, form
// or query parameters) answers `{"ok": true, "result": ...}`; `getUpdates` long-polls a queue the
// test pushes updates into, honouring `offset`, `limit` and `timeout`; `sendMessage` and
// `editMessageText` are recorded and answered with a Message. Unknown methods get Telegram's 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_TOKEN = '123:TEST';
export const BOT_USERNAME = 'ProstTestBot';
const BOT_ID = 123;

/** A sendMessage or editMessageText the bot made, with its parameters as sent. */
export interface SentMessage {
  method: 'sendMessage' | 'editMessageText';
  chatId: number;
  text: string;
  params: Record<string, unknown>;
  messageId: number;
}

export interface TelegramUpdate {
  update_id: number;
  [kind: string]: unknown;
}

interface Poll {
  offset: number;
  limit: number;
  answer: (updates: TelegramUpdate[]) => void;
}

const MAX_POLL_SECONDS = 50;

const METHODS = new Map(
  ['getMe', 'getUpdates', 'sendMessage', 'editMessageText', 'deleteWebhook', 'setMyCommands', 'answerCallbackQuery'].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

export class FakeTelegram {
  /** `http://127.0.0.1:<port>`: give it to prost as TELEGRAM_API_URL. */
  base = '';
  readonly sent: SentMessage[] = [];
  /** Every method the bot called, in order (getUpdates included), for tests that need it. */
  readonly calls: string[] = [];
  private server: Server | null = null;
  private updates: TelegramUpdate[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private polls = new Set<Poll>();
  private sentListeners = new Set<() => void>();
  /** Chats that have blocked the bot: sending there answers 403. */
  private blocked = new Set<number>();
  /** Answer the next N sends with 429 and this retry_after. */
  private throttle: { times: number; retryAfter: number } | null = null;

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const poll of this.polls) poll.answer([]);
    this.polls.clear();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Queues an update for the next getUpdates (waking a waiting one); returns its update_id. */
  push(update: Omit<TelegramUpdate, 'update_id'>): number {
    const full = { update_id: this.nextUpdateId++, ...update } as TelegramUpdate;
    this.updates.push(full);
    for (const poll of [...this.polls]) {
      const ready = this.pending(poll.offset, poll.limit);
      if (ready.length) {
        this.polls.delete(poll);
        poll.answer(ready);
      }
    }
    return full.update_id;
  }

  /** A person presses Start on a deep link: `/start <code>` in their private chat. */
  pushStart(chat: { id: number; firstName: string; username?: string; languageCode?: string }, code: string): number {
    const text = `/start ${code}`;
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat.id, type: 'private', first_name: chat.firstName, ...(chat.username ? { username: chat.username } : {}) },
        from: {
          id: chat.id,
          is_bot: false,
          first_name: chat.firstName,
          ...(chat.username ? { username: chat.username } : {}),
          language_code: chat.languageCode ?? 'en',
        },
        text,
        entities: [{ type: 'bot_command', offset: 0, length: '/start'.length }],
      },
    });
  }

  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  throttleNext(times: number, retryAfter: number): void {
    this.throttle = { times, retryAfter };
  }

  /** Resolves with the first recorded message matching `match`, waiting up to `timeoutMs`. */
  waitForSent(match: (message: SentMessage) => boolean, timeoutMs = 15_000): Promise<SentMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.sent.find(match);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`the bot sent no matching message within ${timeoutMs} ms; it sent: ${JSON.stringify(this.sent.map((m) => [m.chatId, m.text]))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.sentListeners.delete(check);
      };
      if (!check()) this.sentListeners.add(check);
    });
  }

  private pending(offset: number, limit: number): TelegramUpdate[] {
    // Telegram forgets updates below the offset: asking with an offset confirms everything before it.
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    return this.updates.slice(0, limit);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    // teloxide joins `bot<token>/<method>` onto the base URL; a base with a trailing slash doubles it.
    const route = /^\/+bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route) return reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, asked] = route as unknown as [string, string, string];
    // Telegram reads method names regardless of case, and teloxide sends them capitalised (`GetMe`).
    const method = METHODS.get(asked.toLowerCase()) ?? asked;
    if (decodeURIComponent(token) !== BOT_TOKEN) return reply(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let params: Record<string, unknown>;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readParams(request)) };
    } catch {
      return reply(response, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    this.calls.push(method);
    switch (method) {
      case 'getMe':
        return ok(response, {
          id: BOT_ID,
          is_bot: true,
          first_name: 'Prost Test',
          username: BOT_USERNAME,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
          can_connect_to_business: false,
          has_main_web_app: false,
        });
      case 'getUpdates':
        return this.getUpdates(params, response);
      case 'sendMessage':
      case 'editMessageText':
        return this.record(method, params, response);
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(response, true);
      default:
        return reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
  }

  private getUpdates(params: Record<string, unknown>, response: ServerResponse): void {
    const offset = Number(params.offset ?? 0) || 0;
    const limit = Math.min(Math.max(Number(params.limit ?? 100) || 100, 1), 100);
    const timeout = Math.min(Math.max(Number(params.timeout ?? 0) || 0, 0), MAX_POLL_SECONDS);
    const ready = this.pending(offset, limit);
    if (ready.length || timeout === 0) return ok(response, ready);
    const poll: Poll = {
      offset,
      limit,
      answer: (updates) => {
        clearTimeout(timer);
        ok(response, updates);
      },
    };
    const timer = setTimeout(() => {
      this.polls.delete(poll);
      ok(response, []);
    }, timeout * 1000);
    // The bot gave up on this request (its own timeout, or it is shutting down).
    response.on('close', () => {
      clearTimeout(timer);
      this.polls.delete(poll);
    });
    this.polls.add(poll);
  }

  private record(method: 'sendMessage' | 'editMessageText', params: Record<string, unknown>, response: ServerResponse): void {
    const chatId = Number(params.chat_id);
    const text = typeof params.text === 'string' ? params.text : '';
    if (!Number.isFinite(chatId) || !text) {
      return reply(response, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id and text are required' });
    }
    if (this.throttle && this.throttle.times > 0) {
      const { retryAfter } = this.throttle;
      this.throttle.times -= 1;
      return reply(response, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    if (this.blocked.has(chatId)) {
      return reply(response, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const messageId = method === 'editMessageText' ? Number(params.message_id) : this.nextMessageId++;
    this.sent.push({ method, chatId, text, params, messageId });
    for (const listener of [...this.sentListeners]) listener();
    ok(response, {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: chatId < 0 ? { id: chatId, type: 'group', title: 'Test group' } : { id: chatId, type: 'private', first_name: 'Test' },
      from: { id: BOT_ID, is_bot: true, first_name: 'Prost Test', username: BOT_USERNAME },
      text,
      ...(method === 'editMessageText' ? { edit_date: Math.floor(Date.now() / 1000) } : {}),
    });
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function ok(response: ServerResponse, result: unknown): void {
  reply(response, 200, { ok: true, result });
}

const MAX_BODY = 1 << 20;

/** The request's parameters: a JSON object, or form fields (url-encoded or multipart). */
async function readParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  if (!body) return {};
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  }
  if (type.includes('multipart/form-data')) {
    // Only text fields: the bot never uploads files here.
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    return Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}
