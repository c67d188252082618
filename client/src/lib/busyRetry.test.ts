import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { busyWait, retryWhileBusy } from './busyRetry';

const busy = (retryAfter: number | null) => new ApiError(503, 'unavailable', 'busy hashing', {}, retryAfter);
const noSleep = () => Promise.resolve();

afterEach(() => vi.restoreAllMocks());

describe('retryWhileBusy', () => {
  it('waits as long as Retry-After says, then tries again', async () => {
    const task = vi.fn().mockRejectedValueOnce(busy(2)).mockResolvedValueOnce('in');
    const waits: number[] = [];
    const slept: number[] = [];
    const result = await retryWhileBusy(task, {
      onWait: (s) => waits.push(s),
      sleep: (ms) => (slept.push(ms), Promise.resolve()),
      random: () => 0,
    });
    expect(result).toBe('in');
    expect(task).toHaveBeenCalledTimes(2);
    expect(waits).toEqual([2]);
    expect(slept).toEqual([2000]);
  });

  it('gives up after a couple of tries and passes the 503 on', async () => {
    const task = vi.fn().mockRejectedValue(busy(1));
    await expect(retryWhileBusy(task, { sleep: noSleep })).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('with onlyWhenTold, retries shed requests but shows a 503 that named no wait', async () => {
    const shed = vi.fn().mockRejectedValueOnce(busy(1)).mockResolvedValueOnce('joined');
    await expect(retryWhileBusy(shed, { onlyWhenTold: true, sleep: noSleep })).resolves.toBe('joined');
    const storageTrouble = vi.fn().mockRejectedValue(busy(null));
    await expect(retryWhileBusy(storageTrouble, { onlyWhenTold: true, sleep: noSleep })).rejects.toMatchObject({ status: 503 });
    expect(storageTrouble).toHaveBeenCalledTimes(1);
  });

  it('does not retry anything else: a wrong password stays wrong', async () => {
    const task = vi.fn().mockRejectedValue(new ApiError(401, 'unauthenticated', 'no'));
    await expect(retryWhileBusy(task, { sleep: noSleep })).rejects.toMatchObject({ status: 401 });
    expect(task).toHaveBeenCalledTimes(1);
  });
});

describe('busyWait', () => {
  it('doubles without a Retry-After, spreads a crowd a little, and stays bounded', () => {
    expect([1, 2, 3].map((n) => busyWait(null, n, () => 0))).toEqual([1, 2, 4]);
    expect(busyWait(4, 1, () => 1)).toBe(5);
    expect(busyWait(600, 1, () => 0)).toBe(10);
    expect(busyWait(0, 1, () => 0)).toBe(1);
  });
});
