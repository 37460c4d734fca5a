// Process: any (pure Node). A file destination for pino that stays bounded:
// lines are buffered briefly and written with one writeSync; when the file
// would pass `maxBytes`, it becomes NAME.1 (NAME.1 → NAME.2 …, the oldest
// dropped) and a new NAME is begun. `maxFiles` counts NAME itself, so the
// folder holds at most maxFiles × maxBytes (plus one buffered flush).
// Two processes appending to the same file is tolerated: before renaming,
// the file is checked to still be the one this process opened (another may
// have rotated it already), and then it is only reopened.
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Default 5 MB. */
  maxBytes?: number;
  /** The current file plus rotated ones; default 5. */
  maxFiles?: number;
  /** Buffered lines are written after at most this many ms (default 200); errors are written at once. */
  flushMs?: number;
}

export class RotatingFile {
  readonly maxBytes: number;
  readonly maxFiles: number;
  private readonly flushMs: number;
  private fd: number | null = null;
  private ino = 0;
  private size = 0;
  private buffer: string[] = [];
  private buffered = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly file: string,
    opts: RotatingFileOptions = {},
  ) {
    this.maxBytes = Math.max(1024, opts.maxBytes ?? 5 * 1024 * 1024);
    this.maxFiles = Math.max(1, opts.maxFiles ?? 5);
    this.flushMs = opts.flushMs ?? 200;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.open();
  }

  /** pino's destination interface: one line (with its newline) at a time. */
  write(line: string): boolean {
    if (this.closed) return false;
    this.buffer.push(line);
    this.buffered += Buffer.byteLength(line);
    if (this.buffered >= 64 * 1024) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
    return true;
  }

  /** Writes what is buffered now (synchronously); safe from an exit handler. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.buffered || this.fd === null) return;
    const data = Buffer.from(this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
    if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
    try {
      fs.writeSync(this.fd, data);
      this.size += data.length;
    } catch {
      // A full disk or a removed folder must never take the process down: the lines are lost.
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** NAME, NAME.1 … NAME.(maxFiles-1): the files this destination may leave behind. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.maxFiles - 1 }, (_, i) => `${this.file}.${i + 1}`)];
  }

  private open(): void {
    this.fd = fs.openSync(this.file, 'a', 0o600);
    const st = fs.fstatSync(this.fd);
    this.ino = st.ino;
    this.size = st.size;
  }

  private rotate(): void {
    try {
      if (this.fd !== null) fs.closeSync(this.fd);
      this.fd = null;
      let stillOurs = false;
      try {
        stillOurs = fs.statSync(this.file).ino === this.ino;
      } catch {
        stillOurs = false;
      }
      if (stillOurs) {
        const names = this.files();
        // The oldest goes; each moves up one; NAME becomes NAME.1.
        fs.rmSync(names[names.length - 1]!, { force: true });
        for (let i = names.length - 2; i >= 0; i--) {
          try {
            fs.renameSync(names[i]!, names[i + 1]!);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        }
        if (this.maxFiles === 1) fs.rmSync(this.file, { force: true });
      }
    } catch {
      // Rotation failed (a file locked on Windows…): keep appending to NAME.
    } finally {
      this.open();
    }
  }
}
