/**
 * A text file that never grows past a size: when the next line would not fit, FILE becomes FILE.1, FILE.1 becomes
 * FILE.2 and so on, the oldest beyond `maxFiles` being overwritten. Asynchronous, and opened without blocking, so that
 * a FIFO nobody reads fails at once (ENXIO) and a full pipe takes what it can, instead of stalling a thread for ever.
 */
import { constants, type Stats } from 'node:fs';
import { appendFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface RotationOptions {
  /** Size at which the file is rotated (bytes). */
  maxBytes: number;
  /** Files kept, the one being written included. */
  maxFiles: number;
}

export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 5 * 1024 * 1024, maxFiles: 5 };

/**
 * O_NONBLOCK changes nothing for a regular file; for a FIFO it makes open() fail when no one reads, and write()
 * return what fits instead of waiting. A thread blocked in open() on a FIFO would even keep the process from exiting.
 */
const FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

const NEWLINE = 0x0a;

export class RotatingFile {
  /** Bytes in the file; undefined until measured, and again after a failure (it may have been replaced under us). */
  private size: number | undefined;
  /** A FIFO or a device, kept open: closing it after each write would end the stream of whoever reads it. */
  private pipe: FileHandle | undefined;

  constructor(
    readonly path: string,
    private readonly rotation: RotationOptions = DEFAULT_ROTATION,
  ) {}

  /**
   * Appends `data`, whole lines, and returns how many bytes were taken: all of them for a file, maybe fewer (or none)
   * for a pipe that is full. Throws what the file system throws; the caller decides how loud to be.
   */
  async write(data: Buffer): Promise<number> {
    if (this.pipe) return this.writeToPipe(this.pipe, data);
    try {
      if (this.size === undefined) {
        const info = await this.measure();
        if (info && !info.isFile()) {
          this.pipe = await open(this.path, FLAGS);
          return await this.writeToPipe(this.pipe, data);
        }
        this.size = info?.size ?? 0;
      }
      await this.appendRotating(data);
      return data.length;
    } catch (error) {
      this.size = undefined;
      throw error;
    }
  }

  /** Closes a pipe kept open; a regular file is never held open between writes. */
  async close(): Promise<void> {
    const pipe = this.pipe;
    this.pipe = undefined;
    await pipe?.close();
  }

  private async measure(): Promise<Stats | undefined> {
    await mkdir(dirname(this.path), { recursive: true });
    return stat(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }

  /** Writes as many whole lines as fit before each rotation; a line longer than the limit gets a file of its own. */
  private async appendRotating(data: Buffer): Promise<void> {
    let start = 0;
    while (start < data.length) {
      let end = wholeLinesWithin(data, start, this.rotation.maxBytes - this.size!);
      if (end === start) {
        if (this.size! > 0) {
          await this.rotate();
          continue;
        }
        end = endOfLine(data, start);
      }
      await appendFile(this.path, data.subarray(start, end), { flag: FLAGS });
      this.size! += end - start;
      start = end;
    }
  }

  private async writeToPipe(pipe: FileHandle, data: Buffer): Promise<number> {
    try {
      return (await pipe.write(data)).bytesWritten;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      // The reader went away (EPIPE) or worse: open it again next time, which tells whether anyone reads now.
      await this.close().catch(() => undefined);
      throw error;
    }
  }

  private async rotate(): Promise<void> {
    const name = (index: number) => (index === 0 ? this.path : `${this.path}.${index}`);
    for (let index = this.rotation.maxFiles - 1; index >= 1; index--) {
      await rename(name(index - 1), name(index)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rm(this.path, { force: true });
    this.size = 0;
  }
}

/** The end of the longest run of whole lines from `start` that takes at most `room` bytes (`start` if none fits). */
function wholeLinesWithin(data: Buffer, start: number, room: number): number {
  const limit = Math.min(data.length, start + room);
  if (limit <= start) return start;
  if (limit === data.length && data[limit - 1] === NEWLINE) return limit;
  const lastNewline = data.lastIndexOf(NEWLINE, limit - 1);
  return lastNewline >= start ? lastNewline + 1 : start;
}

function endOfLine(data: Buffer, start: number): number {
  const newline = data.indexOf(NEWLINE, start);
  return newline === -1 ? data.length : newline + 1;
}
