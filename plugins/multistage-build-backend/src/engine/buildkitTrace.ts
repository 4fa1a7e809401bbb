/*
 * BuildKit's progress, as the Docker Engine API forwards it: every
 * `moby.buildkit.trace` aux message of POST /build is a base64-encoded
 * StatusResponse protobuf. Decoded with protobufjs from BuildKit's own message
 * definitions (proto/buildkit-status.proto).
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import protobuf from 'protobufjs';
import { vertexPlace, type VertexPlace } from './vertexNames';

export const traceMessageId = 'moby.buildkit.trace';

export interface TraceVertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started: Date | null;
  completed: Date | null;
  error: string | null;
  /** Its stage and position in the Dockerfile, read from its name; null for BuildKit's internal work. */
  place: VertexPlace | null;
}

export interface TraceVertexStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  completed: Date | null;
}

export interface TraceLog {
  vertex: string;
  timestamp: Date | null;
  /** 1 stdout, 2 stderr. */
  stream: number;
  text: string;
}

export interface TraceWarning {
  vertex: string;
  short: string;
  url: string;
}

export interface BuildkitStatus {
  vertexes: TraceVertex[];
  statuses: TraceVertexStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

let statusResponse: protobuf.Type | undefined;

function statusResponseType(): protobuf.Type {
  if (!statusResponse) {
    const file = resolvePackagePath('@stagecraft/plugin-multistage-build-backend', 'proto/buildkit-status.proto');
    statusResponse = protobuf.loadSync(file).lookupType('moby.buildkit.v1.StatusResponse');
  }
  return statusResponse;
}

interface RawTimestamp {
  seconds?: number;
  nanos?: number;
}

const toDate = (t: RawTimestamp | undefined): Date | null =>
  t && (t.seconds || t.nanos) ? new Date((t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)) : null;

const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');

/** Decodes one trace message; throws with a clear message on bytes that are no StatusResponse. */
export function decodeTrace(aux: string): BuildkitStatus {
  let raw: Record<string, any>;
  try {
    const type = statusResponseType();
    raw = type.toObject(type.decode(Buffer.from(aux, 'base64')), { longs: Number, defaults: true, arrays: true });
  } catch (e) {
    throw new Error(`the engine sent a BuildKit trace that does not decode: ${(e as Error).message}`);
  }
  return {
    vertexes: raw.vertexes.map((v: any) => ({
      digest: v.digest,
      inputs: v.inputs,
      name: v.name,
      cached: v.cached,
      started: toDate(v.started),
      completed: toDate(v.completed),
      error: v.error || null,
      place: vertexPlace(v.name),
    })),
    statuses: raw.statuses.map((s: any) => ({
      id: s.ID,
      vertex: s.vertex,
      name: s.name,
      current: s.current,
      total: s.total,
      completed: toDate(s.completed),
    })),
    logs: raw.logs.map((l: any) => ({
      vertex: l.vertex,
      timestamp: toDate(l.timestamp),
      stream: l.stream,
      text: text(l.msg),
    })),
    warnings: raw.warnings.map((w: any) => ({ vertex: w.vertex, short: text(w.short), url: w.url })),
  };
}
