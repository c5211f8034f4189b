import { Pod } from 'kubernetes-models/v1/Pod';
import { describe, expect, it } from 'vitest';
import { execProbe, httpGetProbe, livenessTiming, readinessTiming, startupTiming, tcpSocketProbe } from './probes.ts';

describe('probe timings', () => {
  it('restarts on liveness only after two minutes of sustained failure', () => {
    expect(livenessTiming).toEqual({ periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 });
    expect(livenessTiming.periodSeconds * livenessTiming.failureThreshold).toBe(120);
  });

  it('leaves the Service after thirty seconds of readiness failure', () => {
    expect(readinessTiming).toEqual({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
  });

  it('tolerates a first start of the given length', () => {
    expect(startupTiming(300)).toEqual({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 });
    expect(startupTiming(600, 15)).toEqual({ periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 40 });
  });

  it('rounds the failure threshold up so the whole start-up time is covered', () => {
    expect(startupTiming(301).failureThreshold).toBe(31);
    expect(startupTiming(5).failureThreshold).toBe(1);
    const timing = startupTiming(125, 20);
    expect(timing.failureThreshold * timing.periodSeconds).toBeGreaterThanOrEqual(125);
    expect(timing.failureThreshold).toBe(7);
  });

  it.each([0, -10, Number.NaN])('refuses a maximum start-up time of %d seconds', (seconds) => {
    expect(() => startupTiming(seconds)).toThrow(`startupTiming: maxStartupSeconds must be positive, got ${seconds}`);
  });

  it.each([0, -5, 2.5, Number.NaN])('refuses a period of %d seconds', (periodSeconds) => {
    expect(() => startupTiming(300, periodSeconds)).toThrow(`startupTiming: periodSeconds must be a positive integer, got ${periodSeconds}`);
  });
});

describe('probes', () => {
  it('builds an exec probe with a copy of the command', () => {
    const command = ['mysqladmin', 'ping'];
    const probe = execProbe(command, livenessTiming);
    expect(probe).toEqual({ exec: { command: ['mysqladmin', 'ping'] }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 });
    command.push('--silent');
    expect(probe.exec?.command).toEqual(['mysqladmin', 'ping']);
  });

  it('builds an HTTP GET probe on a numbered or named port', () => {
    expect(httpGetProbe('/healthz', 8080, readinessTiming)).toEqual({
      httpGet: { path: '/healthz', port: 8080 },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    expect(httpGetProbe('/', 'http', readinessTiming).httpGet).toEqual({ path: '/', port: 'http' });
  });

  it('refuses an HTTP path without leading slash', () => {
    expect(() => httpGetProbe('healthz', 8080, readinessTiming)).toThrow('httpGetProbe: path must start with "/", got "healthz"');
    expect(() => httpGetProbe('', 8080, readinessTiming)).toThrow('httpGetProbe: path must start with "/", got ""');
  });

  it('builds a TCP socket probe and keeps the initial delay of a timing', () => {
    expect(tcpSocketProbe(3306, { ...readinessTiming, initialDelaySeconds: 15 })).toEqual({
      tcpSocket: { port: 3306 },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
      initialDelaySeconds: 15,
    });
  });

  it('renders probes the Pod model accepts', () => {
    const pod = new Pod({
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'mysql:8.4',
            startupProbe: tcpSocketProbe(3306, startupTiming(300)),
            livenessProbe: execProbe(['mysqladmin', 'ping'], livenessTiming),
            readinessProbe: httpGetProbe('/ready', 'http', readinessTiming),
          },
        ],
      },
    });
    expect(() => pod.validate()).not.toThrow();
    expect(pod.spec?.containers[0]?.startupProbe?.failureThreshold).toBe(30);
  });
});
