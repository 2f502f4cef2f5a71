// A stream that keeps what a logger writes, for tests that assert on log lines.
import { Writable } from 'node:stream';

export function logSink(): { stream: Writable; text: () => string; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, lines, text: () => lines.join('') };
}
