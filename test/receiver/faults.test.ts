/**
 * The receiver as a failing collector: 503/UNAVAILABLE, 500/INTERNAL, a hang until close, and refused
 * connections on the same ports until the fault is lifted.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/receiver/index.js';
import { captureProtobufExports } from './capture.js';
import { grpcCall, grpcFrame, post } from './raw-clients.js';
import { recordSpans } from './sdk-telemetry.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const TRACE_SERVICE = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

let receiver: OtlpReceiver;
let traces: Buffer;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ({ traces } = await captureProtobufExports());
});
afterAll(() => receiver.close());
afterEach(() => receiver.setFault('none'));

const postTraces = () => post(`${receiver.httpUrl}/v1/traces`, PROTOBUF, traces);
const callTraces = () => grpcCall(receiver.grpcUrl ?? '', TRACE_SERVICE, grpcFrame(traces));

describe('answering faults', () => {
  it.each([
    ['unavailable', 503, '14'],
    ['error', 500, '13'],
  ] as const)('%s: HTTP %i, gRPC status %s, nothing stored', async (fault, httpStatus, grpcStatus) => {
    receiver.clear();
    await receiver.setFault(fault);
    const answer = await postTraces();
    expect(answer.status).toBe(httpStatus);
    expect(answer.body.subarray(0, 2)).toEqual(Buffer.from([0x08, Number(grpcStatus)]));
    expect(await callTraces()).toMatchObject({ grpcStatus, grpcMessage: `fault: ${fault}` });
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests().map((request) => [request.transport, request.status, request.error])).toEqual([
      ['http', httpStatus, `fault: ${fault}`],
      ['grpc', Number(grpcStatus), `fault: ${fault}`],
    ]);
  });

  it('error: the real exporter reports the export failed', async () => {
    await receiver.setFault('error');
    const memory = new InMemorySpanExporter();
    await recordSpans(memory);
    const exporter = new OTLPTraceExporter({ url: `${receiver.httpUrl}/v1/traces` });
    const result = await new Promise<{ code: ExportResultCode }>((resolve) =>
      exporter.export(memory.getFinishedSpans(), resolve),
    );
    expect(result.code).toBe(ExportResultCode.FAILED);
    await exporter.shutdown();
  });

  it('none again: answers normally', async () => {
    await receiver.setFault('error');
    await receiver.setFault('none');
    expect((await postTraces()).status).toBe(200);
    expect((await callTraces()).grpcStatus).toBe('0');
  });
});

describe('refuse', () => {
  it('refuses connections on both ports, then serves on the same ports again', async () => {
    await receiver.setFault('refuse');
    await expect(postTraces()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(callTraces()).rejects.toThrow();
    expect(await connectError(receiver.grpcUrl ?? '')).toBe('ECONNREFUSED');
    await receiver.setFault('none');
    expect((await postTraces()).status).toBe(200);
    expect((await callTraces()).grpcStatus).toBe('0');
  });
});

describe('hang', () => {
  it('reads the request and never answers, until close cuts the connection', async () => {
    const hanging = await startOtlpReceiver();
    await hanging.setFault('hang');
    const httpAnswer = post(`${hanging.httpUrl}/v1/traces`, PROTOBUF, traces).then(
      () => 'answered',
      () => 'cut',
    );
    const grpcAnswer = grpcCall(hanging.grpcUrl ?? '', TRACE_SERVICE, grpcFrame(traces)).then(
      (answer) => (answer.grpcStatus === undefined ? 'cut' : 'answered'),
      () => 'cut',
    );
    await hanging.waitFor(() => hanging.requests().length === 2, 5000);
    expect(await Promise.race([httpAnswer, grpcAnswer, sleep(300, 'waiting')])).toBe('waiting');
    expect(hanging.requests().map((request) => [request.transport, request.status, request.error])).toEqual(
      expect.arrayContaining([
        ['http', undefined, 'fault: hang'],
        ['grpc', undefined, 'fault: hang'],
      ]),
    );
    await hanging.close();
    expect(await httpAnswer).toBe('cut');
    expect(await grpcAnswer).toBe('cut');
  });
});

/** The error code of a bare TCP connection to the URL's port, or `connected`. */
function connectError(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'unknown'));
  });
}
