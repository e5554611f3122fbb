/** Progress of one transfer (or one hashing pass): bytes, speed and ETA. */
export interface TransferProgress {
  /** What is moving: a URL or a file path. */
  what: string;
  receivedBytes: number;
  totalBytes: number | undefined;
  /** Over the last few seconds (not since the start, so a resumed transfer shows its real speed). */
  bytesPerSecond: number;
  etaSeconds: number | undefined;
  done: boolean;
  /** A job of several files: the bytes of all of them, and which file this event is about. */
  overall?: OverallProgress | undefined;
}

export interface OverallProgress {
  receivedBytes: number;
  totalBytes: number | undefined;
  bytesPerSecond: number;
  etaSeconds: number | undefined;
  /** 0-based index of the file in flight, of `fileCount`. */
  fileIndex: number;
  fileCount: number;
}

const WINDOW_MS = 3000;
const EVERY_MS = 200;

export class ProgressMeter {
  private received: number;
  private samples: { t: number; bytes: number }[] = [];
  private lastEmit = 0;

  constructor(
    private readonly what: string,
    private readonly total: number | undefined,
    start: number,
    private readonly emit?: (p: TransferProgress) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.received = start;
    this.samples.push({ t: this.now(), bytes: start });
  }

  add(n: number): void {
    this.received += n;
    const t = this.now();
    if (t - this.lastEmit >= EVERY_MS) {
      this.lastEmit = t;
      this.samples.push({ t, bytes: this.received });
      while (this.samples.length > 2 && t - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
      this.emit?.(this.snapshot(false));
    }
  }

  done(): void {
    this.emit?.(this.snapshot(true));
  }

  snapshot(done: boolean): TransferProgress {
    const first = this.samples[0]!;
    const dt = (this.now() - first.t) / 1000;
    const speed = dt > 0 ? (this.received - first.bytes) / dt : 0;
    const left = this.total !== undefined ? Math.max(0, this.total - this.received) : undefined;
    return {
      what: this.what,
      receivedBytes: this.received,
      totalBytes: this.total,
      bytesPerSecond: speed,
      etaSeconds: left !== undefined && speed > 0 ? left / speed : done ? 0 : undefined,
      done,
    };
  }
}
