// The card switch's framing: every message is preceded by its length as 2 bytes, big-endian.
// A FrameReader takes chunks as TCP delivers them (a frame split over chunks, or several frames
// in one) and gives whole frames back.

const MAX_FRAME_BYTES = 0xffff;

export function frame(payload: Uint8Array): Buffer {
  if (payload.length > MAX_FRAME_BYTES) throw new RangeError(`message of ${payload.length} bytes does not fit a 2-byte length header`);
  const out = Buffer.allocUnsafe(payload.length + 2);
  out.writeUInt16BE(payload.length, 0);
  out.set(payload, 2);
  return out;
}

type FrameResult = { kind: 'frame'; payload: Buffer } | { kind: 'bad-length'; length: number };

export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  /** minFrame/maxFrame: a header outside these means the stream is not framed as we think */
  constructor(
    private readonly minFrame = 1,
    private readonly maxFrame = MAX_FRAME_BYTES,
  ) {}

  /** Adds a chunk; returns every complete frame now available, stopping at a bad length header. */
  push(chunk: Uint8Array): FrameResult[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: FrameResult[] = [];
    while (this.buf.length >= 2) {
      const length = this.buf.readUInt16BE(0);
      if (length < this.minFrame || length > this.maxFrame) {
        out.push({ kind: 'bad-length', length });
        this.buf = Buffer.alloc(0);
        return out;
      }
      if (this.buf.length < 2 + length) break;
      out.push({ kind: 'frame', payload: Buffer.from(this.buf.subarray(2, 2 + length)) });
      this.buf = this.buf.subarray(2 + length);
    }
    return out;
  }

  /** bytes received that are not yet a whole frame */
  get pending(): number {
    return this.buf.length;
  }
}
