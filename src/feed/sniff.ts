import type { ByteSource } from './lines.js';

/**
 * Reads the start of a stream to tell its format (the first character that is not white space or a byte order
 * mark), and hands back a source that still yields every byte.
 */
export async function sniff(source: ByteSource): Promise<{ first: string; source: ByteSource }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Array<Buffer | string> = [];
  let first = '';
  let done = false;
  while (!first) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    const text = (typeof next.value === 'string' ? next.value : next.value.toString('utf8')).replace(/^[\s\ufeff]+/, '');
    first = text.charAt(0);
  }
  async function* replay(): AsyncGenerator<Buffer | string> {
    yield* head;
    if (done) return;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, source: replay() };
}
