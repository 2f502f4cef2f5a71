// Server-Sent Events framing for the tools that read event streams themselves (the bench's live
// workload over node:http, the tests' SSE clients over fetch): chunks in, complete messages out.
export interface SseMessage {
  event: string;
  data: string;
}

/** Server-Sent Events framing: chunks in, complete messages out; comments (keep-alives) are dropped. */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    // servers may end lines with \r\n: normalise, but a chunk ending in \r may be half of one
    const held = this.buffer.endsWith('\r') ? '\r' : '';
    if (held) this.buffer = this.buffer.slice(0, -1);
    if (this.buffer.includes('\r')) this.buffer = this.buffer.replace(/\r\n?/g, '\n');
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        fields++;
        if (name === 'event') event = value;
        else if (name === 'data') data.push(value);
      }
      if (fields > 0) out.push({ event, data: data.join('\n') });
    }
    this.buffer += held;
    return out;
  }
}
