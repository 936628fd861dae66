/**
 * Gathers text into a fixed buffer of UTF-8 bytes and hands it on full, to a file or a compressor. Text is
 * written into the buffer at once rather than joined into a long string first: such a string would outlive
 * many young-generation collections and be promoted, and a feed of a million lines would then fill the old
 * generation with garbage between two full collections.
 */
export class LineSink {
  private readonly buffer: Buffer;
  private used = 0;

  constructor(
    private readonly onFull: (bytes: Buffer) => void,
    size = 65_536,
  ) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  write(text: string): void {
    // a UTF-16 code unit is at most 3 bytes of UTF-8
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.onFull(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Hands on what is gathered (a view of the buffer, valid until the next write). */
  flush(): void {
    if (this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    this.used = 0;
    this.onFull(bytes);
  }
}
