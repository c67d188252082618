// The fake Bot API itself, so a Telegram test that fails points at prost and not at the fake:
// Telegram's request and response shapes, long polling with offsets, recording, and errors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOT_TOKEN, FakeTelegram } from '../harness/fakeTelegram';

const fake = new FakeTelegram();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

async function call(method: string, body?: unknown, token = BOT_TOKEN, form = false) {
  const response = await fetch(`${fake.base}/bot${token}/${method}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: body === undefined ? undefined : form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after: number } } };
}

describe('the fake Bot API', () => {
  test('getMe names the test bot; a wrong token and an unknown method get Telegram’s errors', async () => {
    expect((await call('getMe')).body).toMatchObject({ ok: true, result: { is_bot: true, username: 'ProstTestBot' } });
    expect(await call('getMe', undefined, '999:WRONG')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call('sendDice', {})).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await call('deleteWebhook', { drop_pending_updates: false })).body).toEqual({ ok: true, result: true });
    // Method names are case-insensitive, as teloxide (which sends `GetMe`) relies on.
    expect((await call('GetMe')).body).toMatchObject({ ok: true, result: { username: 'ProstTestBot' } });
  });

  test('getUpdates long-polls until an update arrives, and an offset confirms what came before', async () => {
    const started = Date.now();
    const waiting = call('getUpdates', { offset: 0, timeout: 10 });
    setTimeout(() => fake.pushStart({ id: 555, firstName: 'Anya' }, 'abc'), 300);
    const first = (await waiting).body.result as { update_id: number; message: { text: string; chat: { id: number } } }[];
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(first).toHaveLength(1);
    expect(first[0]!.message).toMatchObject({ text: '/start abc', chat: { id: 555, type: 'private' } });

    // Not confirmed yet: the same update comes again.
    expect((await call('getUpdates', { offset: first[0]!.update_id, timeout: 0 })).body.result).toHaveLength(1);
    // Confirmed: gone, and an empty poll returns [] after its timeout.
    const before = Date.now();
    expect((await call('getUpdates', { offset: first[0]!.update_id + 1, timeout: 1 })).body.result).toEqual([]);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
  });

  test('sendMessage and editMessageText are recorded and answered with a Message, from JSON or a form', async () => {
    const sent = await call('sendMessage', { chat_id: 555, text: 'Prost!' });
    expect(sent.body).toMatchObject({ ok: true, result: { chat: { id: 555, type: 'private' }, text: 'Prost!' } });
    const id = (sent.body.result as { message_id: number }).message_id;
    const edited = await call('editMessageText', { chat_id: '-100', message_id: String(id), text: 'Card v2' }, BOT_TOKEN, true);
    expect(edited.body).toMatchObject({ ok: true, result: { message_id: id, chat: { id: -100, type: 'group' } } });
    expect(fake.sent.slice(-2).map((m) => [m.method, m.chatId, m.text])).toEqual([
      ['sendMessage', 555, 'Prost!'],
      ['editMessageText', -100, 'Card v2'],
    ]);
    await expect(fake.waitForSent((m) => m.text === 'Prost!', 100)).resolves.toMatchObject({ chatId: 555 });
  });

  test('answers 429 with retry_after, and 403 for a chat that blocked the bot', async () => {
    fake.throttleNext(1, 3);
    expect(await call('sendMessage', { chat_id: 1, text: 'a' })).toMatchObject({ status: 429, body: { parameters: { retry_after: 3 } } });
    expect((await call('sendMessage', { chat_id: 1, text: 'a' })).status).toBe(200);
    fake.blockChat(2);
    expect(await call('sendMessage', { chat_id: 2, text: 'b' })).toMatchObject({ status: 403, body: { error_code: 403 } });
  });
});
