import * as grpc from '@grpc/grpc-js';
import { RemoteError, RemoteErrorCode, remoteFailure } from './errors';
import { inferenceServiceCtor } from './proto';
import type { ReceivedTensor, WireTensor } from './tensors';
import { checkHeaders, parseServerUrl, type RemoteServer, type ServerAddress } from './url';

type Unary = (
  req: object,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (e: grpc.ServiceError | null, r: unknown) => void,
) => void;

interface InferParameter {
  bool_param?: boolean;
  string_param?: string;
  parameter_choice?: string;
}
interface StreamMessage {
  error_message: string;
  infer_response: {
    id: string;
    parameters: Record<string, InferParameter>;
    outputs: { name: string; datatype: string; shape: number[] }[];
    raw_output_contents: Buffer[];
  } | null;
}

export interface ModelConfigInfo {
  name: string;
  backend: string;
  platform: string;
  decoupled: boolean;
  /** config.pbtxt `parameters` (string values) */
  parameters: Record<string, string>;
}

/** One response of a streamed request: its named outputs (empty for a bare final flag). */
export type StreamResponse = Map<string, ReceivedTensor>;

/**
 * What one message from the server may hold unless the caller says more: grpc-js's own 4 MB is too small
 * for a take (the frames of the reference shape are 28 MB), no limit at all would let any server fill the
 * studio's memory. 256 MB holds 25 frames at 1024x576; a job passes its exact need (job.ts).
 */
export const DEFAULT_MAX_RECEIVE_BYTES = 256 * 1024 ** 2;

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  // What we send is ours (the control map of a take is as large as its frames): no send limit.
  'grpc.max_send_message_length': -1,
  // After a server restart a retry should connect within seconds, not after a long exponential backoff.
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 5000,
};
const UNARY_DEADLINE_MS = 10_000;

/**
 * A client of one Triton server (KServe v2 gRPC): health, model readiness and configuration, and
 * streamed inference for decoupled models. Headers go as call metadata on every call; they are never
 * part of a message or an error text.
 */
export class TritonClient {
  readonly address: ServerAddress;
  private readonly client: grpc.Client & Record<string, unknown>;
  private readonly headers: Record<string, string>;
  readonly maxReceiveBytes: number;

  /** `maxReceiveBytes`: the largest message the server may send (DEFAULT_MAX_RECEIVE_BYTES). */
  constructor(server: RemoteServer, opts: { maxReceiveBytes?: number } = {}) {
    this.address = parseServerUrl(server.url);
    this.headers = server.headers ?? {};
    checkHeaders(this.headers, this.address);
    this.maxReceiveBytes = opts.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
    const Ctor = inferenceServiceCtor();
    const creds = this.address.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    this.client = new Ctor(this.address.target, creds, {
      ...CHANNEL_OPTIONS,
      'grpc.max_receive_message_length': this.maxReceiveBytes,
    }) as grpc.Client & Record<string, unknown>;
  }

  get display(): string {
    return this.address.display;
  }

  close(): void {
    this.client.close();
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(this.headers)) {
      try {
        md.set(k.toLowerCase(), v);
      } catch {
        // grpc-js's own message quotes the value (a token): say which header, never what it holds.
        throw new RemoteError(RemoteErrorCode.Config, `The header ${JSON.stringify(k)} cannot be sent.`);
      }
    }
    return md;
  }

  private unary<T>(method: string, req: object): Promise<T> {
    const fn = (this.client[method] as Unary).bind(this.client);
    const md = this.metadata();
    return new Promise<T>((ok, fail) => {
      fn(req, md, { deadline: Date.now() + UNARY_DEADLINE_MS }, (err, res) =>
        err ? fail(remoteFailure(err, this.display, false, this.maxReceiveBytes)) : ok(res as T),
      );
    });
  }

  async serverLive(): Promise<boolean> {
    return (await this.unary<{ live: boolean }>('ServerLive', {})).live;
  }

  async serverReady(): Promise<boolean> {
    return (await this.unary<{ ready: boolean }>('ServerReady', {})).ready;
  }

  /** false when the model is unknown or not loaded (Triton answers either way). */
  async modelReady(name: string): Promise<boolean> {
    try {
      return (await this.unary<{ ready: boolean }>('ModelReady', { name, version: '' })).ready;
    } catch (e) {
      if (e instanceof RemoteError && e.code === RemoteErrorCode.NotReady) return false;
      throw e;
    }
  }

  async modelConfig(name: string): Promise<ModelConfigInfo> {
    const r = await this.unary<{
      config: {
        name: string;
        backend: string;
        platform: string;
        parameters: Record<string, { string_value: string }>;
        model_transaction_policy: { decoupled: boolean } | null;
      };
    }>('ModelConfig', { name, version: '' });
    const c = r.config;
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.parameters ?? {})) parameters[k] = v.string_value;
    return {
      name: c.name,
      backend: c.backend,
      platform: c.platform,
      decoupled: c.model_transaction_policy?.decoupled ?? false,
      parameters,
    };
  }

  /**
   * One request on a ModelStreamInfer stream; `onResponse` gets every response in order. Resolves after
   * the final response; rejects with a RemoteError on an error response, a transport failure or a stream
   * that ends early. Aborting `signal` cancels the call (Triton marks the request cancelled; the model stops
   * at its next check) and rejects with RemoteErrorCode.Cancelled.
   */
  streamInfer(
    model: string,
    inputs: readonly WireTensor[],
    onResponse: (r: StreamResponse) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return new Promise<void>((ok, fail) => {
      let started = false;
      let settled = false;
      const call = (
        this.client['ModelStreamInfer'] as (
          md: grpc.Metadata,
        ) => grpc.ClientDuplexStream<object, StreamMessage>
      ).call(this.client, this.metadata());
      const finish = (err?: RemoteError): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          call.cancel();
          fail(err);
        } else {
          call.end();
          ok();
        }
      };
      const onAbort = (): void => finish(new RemoteError(RemoteErrorCode.Cancelled, 'cancelled'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      call.on('data', (m: StreamMessage) => {
        started = true;
        if (m.error_message)
          return finish(remoteFailure(new Error(m.error_message), this.display, true, this.maxReceiveBytes));
        const r = m.infer_response;
        if (!r) return;
        const outputs: StreamResponse = new Map();
        r.outputs.forEach((o, i) => {
          const raw = r.raw_output_contents[i];
          if (raw)
            outputs.set(o.name, { name: o.name, datatype: o.datatype, shape: o.shape.map(Number), raw });
        });
        try {
          if (outputs.size > 0) onResponse(outputs);
        } catch (e) {
          return finish(remoteFailure(e, this.display, true));
        }
        if (r.parameters['triton_final_response']?.bool_param) finish();
      });
      call.on('error', (e) => finish(remoteFailure(e, this.display, started, this.maxReceiveBytes)));
      call.on('end', () =>
        finish(
          new RemoteError(
            RemoteErrorCode.ConnectionLost,
            `The server at ${this.display} closed the stream before the job finished. Retry it.`,
          ),
        ),
      );
      call.write({
        model_name: model,
        model_version: '',
        id: '',
        // Ask for the final flag even when the model sends it without outputs.
        parameters: { triton_enable_empty_final_response: { bool_param: true } },
        inputs: inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape, parameters: {} })),
        outputs: [],
        raw_input_contents: inputs.map((t) => t.raw),
      });
    });
  }
}
