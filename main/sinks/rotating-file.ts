/**
 * A text file that never grows past a size: when the next line would not fit, FILE becomes FILE.1, FILE.1 becomes
 * FILE.2 and so on, the oldest beyond `maxFiles` being overwritten. Synchronous, so a line is on disk once written.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotationOptions {
  /** Size at which the file is rotated (bytes). */
  maxBytes: number;
  /** Files kept, the one being written included. */
  maxFiles: number;
}

export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 5 * 1024 * 1024, maxFiles: 5 };

export class RotatingFile {
  private size: number | undefined;

  constructor(
    readonly path: string,
    private readonly rotation: RotationOptions = DEFAULT_ROTATION,
  ) {}

  /** Throws what the file system throws; the caller decides how loud to be. */
  append(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.size === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.size = existsSync(this.path) ? statSync(this.path).size : 0;
    }
    if (this.size > 0 && this.size + bytes > this.rotation.maxBytes) this.rotate();
    try {
      appendFileSync(this.path, text);
    } catch (error) {
      // The file may have been removed or replaced under us: measure it again next time.
      this.size = undefined;
      throw error;
    }
    this.size += bytes;
  }

  private rotate(): void {
    const name = (index: number) => (index === 0 ? this.path : `${this.path}.${index}`);
    for (let index = this.rotation.maxFiles - 1; index >= 1; index--) {
      if (existsSync(name(index - 1))) renameSync(name(index - 1), name(index));
    }
    if (existsSync(this.path)) unlinkSync(this.path);
    this.size = 0;
  }
}
