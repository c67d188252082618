import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { codecFor, jsonCodec, msgpackCodec } from './codec';

describe('msgpack codec', () => {
  it('encodes client messages as maps with named keys, leaving absent fields out', () => {
    const bytes = msgpackCodec.encode({ type: 'hello', participantToken: 'secret', accessToken: undefined, sinceVersion: 41 });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decode(bytes as Uint8Array)).toEqual({ type: 'hello', participantToken: 'secret', sinceVersion: 41 });
  });

  it('keeps null cells (a cleared answer) in a stroke', () => {
    const bytes = msgpackCodec.encode({ type: 'answers', ref: 7, participantId: 'p', slots: { s1: 'yes', s2: null }, places: {} });
    expect(decode(bytes as Uint8Array)).toEqual({ type: 'answers', ref: 7, participantId: 'p', slots: { s1: 'yes', s2: null }, places: {} });
  });

  it('decodes a server frame from an ArrayBuffer', () => {
    const packed = encode({ type: 'diff', version: 42, changes: [{ op: 'answers', participantId: 'p', slots: { s1: null }, places: {} }] });
    const frame = packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength);
    expect(msgpackCodec.decode(frame)).toEqual({
      type: 'diff',
      version: 42,
      changes: [{ op: 'answers', participantId: 'p', slots: { s1: null }, places: {} }],
    });
  });

  it('turns garbage into null instead of throwing', () => {
    expect(msgpackCodec.decode(new Uint8Array([0xc1]).buffer)).toBeNull();
    expect(msgpackCodec.decode(new Uint8Array([0x92, 0x01]).buffer)).toBeNull();
    expect(msgpackCodec.decode(encode([1, 2, 3]))).toBeNull();
    expect(msgpackCodec.decode(encode({ version: 3 }))).toBeNull();
    expect(msgpackCodec.decode('a text frame')).toBeNull();
    expect(msgpackCodec.decode(new ArrayBuffer(0))).toBeNull();
  });
});

describe('json codec', () => {
  it('round-trips through text frames and rejects garbage', () => {
    const text = jsonCodec.encode({ type: 'ping' });
    expect(text).toBe('{"type":"ping"}');
    expect(jsonCodec.decode('{"type":"presence","viewers":3}')).toEqual({ type: 'presence', viewers: 3 });
    expect(jsonCodec.decode('{"type":')).toBeNull();
    expect(jsonCodec.decode('"snapshot"')).toBeNull();
  });

  it('is picked by protocol name', () => {
    expect(codecFor('prost.json.v1')).toBe(jsonCodec);
    expect(codecFor('prost.msgpack.v1')).toBe(msgpackCodec);
  });
});
