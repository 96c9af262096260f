import { Transform, type TransformCallback } from 'node:stream';
import { ServiceError } from '../../service-error.ts';

const MAX_LINE = 16 * 1024;

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes `Content-Encoding: aws-chunked` bodies: `<hex size>[;chunk-signature=…]\r\n<data>\r\n`…
 * `0…\r\n`, then optional trailer lines (`x-amz-checksum-crc32:…`) and a blank line. Works for
 * signed chunks and `STREAMING-UNSIGNED-PAYLOAD-TRAILER` alike; signatures are not checked.
 * Data passes through without copying; only framing lines are buffered.
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailer headers, lowercased names, once the stream has ended. */
  readonly trailers = new Map<string, string>();
  #state: State = 'size';
  #remaining = 0;
  #line: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let pos = 0;
      while (pos < chunk.length) {
        if (this.#state === 'data') {
          const take = Math.min(this.#remaining, chunk.length - pos);
          this.push(chunk.subarray(pos, pos + take));
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'data-end';
          continue;
        }
        const newline = chunk.indexOf(0x0a, pos);
        const end = newline === -1 ? chunk.length : newline + 1;
        this.#line = this.#line.length ? Buffer.concat([this.#line, chunk.subarray(pos, end)]) : chunk.subarray(pos, end);
        pos = end;
        if (newline === -1) {
          if (this.#line.length > MAX_LINE) throw malformed();
          break;
        }
        const text = this.#line.toString('latin1').replace(/\r?\n$/, '');
        this.#line = Buffer.alloc(0);
        this.#onLine(text);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.#line.length > 0 && this.#state === 'trailer') this.#onLine(this.#line.toString('latin1').trim());
    // A missing final blank line after the trailers is tolerated; missing data is not.
    if (this.#state === 'done' || this.#state === 'trailer') done();
    else done(new ServiceError('IncompleteBody', 400, 'The request body terminated unexpectedly'));
  }

  #onLine(text: string): void {
    switch (this.#state) {
      case 'data-end':
        if (text !== '') throw malformed();
        this.#state = 'size';
        return;
      case 'size': {
        const sizeText = (text.split(';')[0] ?? '').trim();
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed();
        const size = parseInt(sizeText, 16);
        if (size === 0) this.#state = 'trailer';
        else {
          this.#remaining = size;
          this.#state = 'data';
        }
        return;
      }
      case 'trailer': {
        if (text === '') {
          this.#state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon <= 0) throw malformed();
        this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
        return;
      }
      default:
        if (text !== '') throw malformed();
    }
  }
}

function malformed(): ServiceError {
  return new ServiceError('InvalidRequest', 400, 'The aws-chunked request body is malformed.');
}
