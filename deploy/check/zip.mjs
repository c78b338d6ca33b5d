// A minimal ZIP reader (central directory + stored/deflated entries), enough to look inside the Lambda
// zips and the jars in them without an unzip binary or another dependency. Hand-written because the
// check only needs names and a few small entries, and no served npm package does just that.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export class Zip {
  constructor(bytes) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    this.entries = new Map();
    const eocd = this.#findEnd();
    const count = this.buf.readUInt16LE(eocd + 10);
    let p = this.buf.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (this.buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
      const method = this.buf.readUInt16LE(p + 10);
      const compressed = this.buf.readUInt32LE(p + 20);
      const nameLength = this.buf.readUInt16LE(p + 28);
      const extraLength = this.buf.readUInt16LE(p + 30);
      const commentLength = this.buf.readUInt16LE(p + 32);
      const local = this.buf.readUInt32LE(p + 42);
      const name = this.buf.toString('utf8', p + 46, p + 46 + nameLength);
      this.entries.set(name, { method, compressed, local });
      p += 46 + nameLength + extraLength + commentLength;
    }
  }

  static open(path) {
    return new Zip(readFileSync(path));
  }

  #findEnd() {
    for (let p = this.buf.length - 22; p >= Math.max(0, this.buf.length - 65557); p--) {
      if (this.buf.readUInt32LE(p) === 0x06054b50) return p;
    }
    throw new Error('not a zip file (no end of central directory)');
  }

  names() {
    return [...this.entries.keys()];
  }

  has(name) {
    return this.entries.has(name);
  }

  read(name) {
    const e = this.entries.get(name);
    if (!e) return null;
    const nameLength = this.buf.readUInt16LE(e.local + 26);
    const extraLength = this.buf.readUInt16LE(e.local + 28);
    const start = e.local + 30 + nameLength + extraLength;
    const data = this.buf.subarray(start, start + e.compressed);
    if (e.method === 0) return Buffer.from(data);
    if (e.method === 8) return inflateRawSync(data);
    throw new Error(`${name}: compression method ${e.method} not supported`);
  }
}
