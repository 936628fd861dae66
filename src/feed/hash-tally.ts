// 16,384 hashes (128 KB) per chunk: small feeds stay small, large ones never copy what they already hold
const CHUNK = 16_384;

/**
 * Counts how often each hash occurs among many, in 8 bytes per hash: the hashes go into fixed-size chunks of a
 * Float64Array as they come (no copy when it grows), each chunk is sorted at the end, and the sorted chunks are
 * merged through a small heap to find the values that occur more than once.
 */
export class HashTally {
  private readonly full: Float64Array[] = [];
  private current = new Float64Array(CHUNK);
  private used = 0;

  /** `hash`: an integer up to 2^53. */
  add(hash: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = hash;
  }

  get size(): number {
    return this.full.length * CHUNK + this.used;
  }

  /** The hashes added more than once, each with how many times. Empties the tally. */
  repeats(): Map<number, number> {
    const runs = [...this.full, this.current.subarray(0, this.used)].filter((r) => r.length > 0);
    this.full.length = 0;
    this.current = new Float64Array(0);
    this.used = 0;
    for (const run of runs) run.sort();
    const out = new Map<number, number>();
    let last = NaN;
    let count = 0;
    mergeSorted(runs, (value) => {
      if (value === last) {
        count++;
        return;
      }
      if (count > 1) out.set(last, count);
      last = value;
      count = 1;
    });
    if (count > 1) out.set(last, count);
    return out;
  }
}

/** Calls `onValue` with the values of sorted runs in ascending order: a binary min-heap of the runs keyed by their next value. */
function mergeSorted(runs: Float64Array[], onValue: (value: number) => void): void {
  const pos = new Uint32Array(runs.length);
  const heap = runs.map((_, i) => i);
  const head = (r: number) => runs[r][pos[r]];
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && head(heap[l]) < head(heap[least])) least = l;
      if (r < heap.length && head(heap[r]) < head(heap[least])) least = r;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least], heap[i]];
      i = least;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const r = heap[0];
    onValue(runs[r][pos[r]++]);
    if (pos[r] === runs[r].length) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    down(0);
  }
}
