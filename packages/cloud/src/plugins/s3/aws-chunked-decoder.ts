import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ChunkSigning } from '../../iam/request-authentication.ts';
import { chunkStringToSign, sameSignature, sha256Hex, signatureOf, trailerStringToSign } from '../../iam/sigv4.ts';
import { ServiceError } from '../../service-error.ts';

/** A framing line (chunk header or trailer) longer than this is not aws-chunked. */
const MAX_LINE = 16 * 1024;
/** Hex digits of a chunk size: 2^60 bytes is beyond any S3 object. */
const MAX_SIZE_DIGITS = 15;

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/** Options of the decoder. */
export interface AwsChunkedOptions {
  /**
   * Smallest size of every chunk but the last (S3: 8192, answered `InvalidChunkSizeError`).
   * 0 accepts any size.
   */
  minChunkSize?: number;
  /**
   * For `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` bodies: every chunk's signature is
   * checked against the chain that starts at the request's signature (and the trailer's, when signed).
   */
  signing?: ChunkSigning;
}

/**
 * Decodes `Content-Encoding: aws-chunked` bodies: `<hex size>[;chunk-signature=…]\r\n<data>\r\n`…
 * `0…\r\n`, then optional trailer lines (`x-amz-checksum-crc32:…`) and a blank line. Works for
 * signed chunks and `STREAMING-UNSIGNED-PAYLOAD-TRAILER` alike; with `signing`, each chunk's
 * signature is checked (S3's `SignatureDoesNotMatch`) before its data leaves the decoder's chunk.
 * Work is linear in the body size whatever the chunk sizes: the data of one input buffer
 * leaves as one buffer, and only framing lines are held (as pieces, joined once).
 * Bad framing fails the stream with S3's `IncompleteBody`.
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailer headers, lowercased names, once the stream has ended. */
  readonly trailers = new Map<string, string>();
  readonly #minChunkSize: number;
  #state: State = 'size';
  #remaining = 0;
  #chunks = 0;
  #previousSize = 0;
  #line: Buffer[] = [];
  #lineLength = 0;
  readonly #signing: ChunkSigning | undefined;
  #previousSignature = '';
  #chunkSignature = '';
  #chunkHash: Hash | undefined;
  #trailerText = '';

  constructor(options: AwsChunkedOptions = {}) {
    super();
    this.#minChunkSize = options.minChunkSize ?? 0;
    this.#signing = options.signing;
    this.#previousSignature = options.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data: Buffer[] = [];
    try {
      let pos = 0;
      while (pos < chunk.length) {
        if (this.#state === 'data') {
          const take = Math.min(this.#remaining, chunk.length - pos);
          const piece = chunk.subarray(pos, pos + take);
          data.push(piece);
          this.#chunkHash?.update(piece);
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) {
            this.#state = 'data-end';
            this.#verifyChunk(this.#chunkHash?.digest('hex'));
          }
          continue;
        }
        const newline = chunk.indexOf(0x0a, pos);
        const end = newline === -1 ? chunk.length : newline + 1;
        this.#line.push(chunk.subarray(pos, end));
        this.#lineLength += end - pos;
        pos = end;
        if (this.#lineLength > MAX_LINE) throw incompleteBody();
        if (newline === -1) break;
        const text = this.#takeLine();
        if (!text.endsWith('\r\n')) throw incompleteBody();
        this.#onLine(text.slice(0, -2));
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    if (data.length === 1) this.push(data[0]);
    else if (data.length > 1) this.push(Buffer.concat(data));
    done();
  }

  override _flush(done: TransformCallback): void {
    // A missing final blank line after the trailers is tolerated; missing data is not.
    try {
      if (this.#state === 'trailer' && this.#lineLength > 0) this.#onLine(this.#takeLine().trim());
    } catch (error) {
      done(error as Error);
      return;
    }
    if (this.#state === 'done' || this.#state === 'trailer') done();
    else done(incompleteBody());
  }

  #verifyChunk(chunkHash: string | undefined): void {
    const signing = this.#signing;
    if (!signing || chunkHash === undefined) return;
    const text = chunkStringToSign(signing.amzDate, signing.scope, this.#previousSignature, chunkHash);
    const expected = signatureOf(signing.key, text);
    if (!sameSignature(expected, this.#chunkSignature)) throw chunkSignatureMismatch();
    this.#previousSignature = expected;
    this.#chunkHash = undefined;
  }

  #verifyTrailer(signature: string): void {
    const signing = this.#signing;
    if (!signing) return;
    const text = trailerStringToSign(
      signing.amzDate,
      signing.scope,
      this.#previousSignature,
      sha256Hex(this.#trailerText),
    );
    if (!sameSignature(signatureOf(signing.key, text), signature)) throw chunkSignatureMismatch();
  }

  #takeLine(): string {
    const text = (this.#line.length === 1 ? (this.#line[0] as Buffer) : Buffer.concat(this.#line)).toString('latin1');
    this.#line = [];
    this.#lineLength = 0;
    return text;
  }

  #onLine(text: string): void {
    switch (this.#state) {
      case 'data-end':
        if (text !== '') throw incompleteBody();
        this.#state = 'size';
        return;
      case 'size': {
        const semicolon = text.indexOf(';');
        const sizeText = semicolon === -1 ? text : text.slice(0, semicolon);
        if (!/^[0-9a-fA-F]+$/.test(sizeText) || sizeText.replace(/^0+(?=.)/, '').length > MAX_SIZE_DIGITS)
          throw incompleteBody();
        const size = parseInt(sizeText, 16);
        this.#chunks++;
        if (this.#signing) {
          const signature = /;chunk-signature=([0-9a-f]{64})$/.exec(text);
          if (!signature) throw chunkSignatureMismatch();
          this.#chunkSignature = signature[1] as string;
          this.#chunkHash = createHash('sha256');
        }
        if (size === 0) {
          this.#verifyChunk(this.#chunkHash?.digest('hex'));
          this.#state = 'trailer';
          return;
        }
        // Only the last chunk may be small: known when the next one starts.
        if (this.#chunks > 1 && this.#previousSize < this.#minChunkSize)
          throw invalidChunkSize(this.#chunks, this.#previousSize, this.#minChunkSize);
        this.#previousSize = size;
        this.#remaining = size;
        this.#state = 'data';
        return;
      }
      case 'trailer': {
        if (text === '') {
          this.#state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon <= 0) throw incompleteBody();
        const name = text.slice(0, colon).trim().toLowerCase();
        const value = text.slice(colon + 1).trim();
        if (name === 'x-amz-trailer-signature') this.#verifyTrailer(value);
        else {
          this.trailers.set(name, value);
          this.#trailerText += `${name}:${value}\n`;
        }
        return;
      }
      default:
        if (text !== '') throw incompleteBody();
    }
  }
}

/** What S3 answers for a chunk whose signature is not the one its key computes. */
function chunkSignatureMismatch(): ServiceError {
  return new ServiceError(
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

/** What S3 answers for a body whose aws-chunked framing is broken or cut short. */
export function incompleteBody(): ServiceError {
  return new ServiceError('IncompleteBody', 400, 'The request body terminated unexpectedly');
}

function invalidChunkSize(chunk: number, size: number, min: number): ServiceError {
  return new ServiceError(
    'InvalidChunkSizeError',
    400,
    `Only the last chunk is allowed to have a size less than ${min} bytes`,
    {
      Chunk: String(chunk),
      BadChunkSize: String(size),
    },
  );
}
