// The two encodings of the live protocol. The web client speaks `prost.msgpack.v1`: MessagePack
// maps with named keys (the server encodes with rmp-serde's named form), in binary frames. The JSON
// codec carries the same messages in text frames, for debugging in the browser's network panel.
import { decode as unpack, encode as pack } from '@msgpack/msgpack';
import type { ClientMessage, ServerMessage } from './types';

export interface LiveCodec {
  /** The WebSocket subprotocol name. */
  protocol: string;
  encode(message: ClientMessage): Uint8Array | string;
  /** A server frame as a message, or null for anything unreadable (never throws). */
  decode(frame: unknown): ServerMessage | null;
}

/** Only maps with a string `type` are messages; anything else is dropped by the caller. */
function asMessage(value: unknown): ServerMessage | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return typeof (value as { type?: unknown }).type === 'string' ? (value as ServerMessage) : null;
}

function bytesOf(frame: unknown): Uint8Array | null {
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  if (ArrayBuffer.isView(frame)) return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  return null;
}

export const msgpackCodec: LiveCodec = {
  protocol: 'prost.msgpack.v1',
  // Absent optional fields are left out rather than sent as nil, like the JSON form.
  encode: (message) => pack(message, { ignoreUndefined: true }),
  decode(frame) {
    const bytes = bytesOf(frame);
    if (!bytes) return null;
    try {
      return asMessage(unpack(bytes));
    } catch {
      return null;
    }
  },
};

export const jsonCodec: LiveCodec = {
  protocol: 'prost.json.v1',
  encode: (message) => JSON.stringify(message),
  decode(frame) {
    const text = typeof frame === 'string' ? frame : null;
    if (text === null) return null;
    try {
      return asMessage(JSON.parse(text));
    } catch {
      return null;
    }
  },
};

export function codecFor(protocol: string): LiveCodec {
  return protocol === jsonCodec.protocol ? jsonCodec : msgpackCodec;
}
