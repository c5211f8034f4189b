import type { IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1/Probe';

export interface ProbeTiming {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds?: number;
}

/** Liveness: restart only after a sustained failure (a busy JVM or database must not be killed by one slow answer). */
export const livenessTiming: ProbeTiming = { periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 };
/** Readiness: leave the Service quickly, come back quickly. */
export const readinessTiming: ProbeTiming = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };

/**
 * Startup: tolerate a first start of up to `maxStartupSeconds` (schema migrations, XWiki's
 * first-start initialisation) before liveness takes over.
 */
export function startupTiming(maxStartupSeconds: number, periodSeconds = 10): ProbeTiming {
  if (!(maxStartupSeconds > 0)) throw new Error(`startupTiming: maxStartupSeconds must be positive, got ${maxStartupSeconds}`);
  if (!Number.isInteger(periodSeconds) || periodSeconds <= 0) throw new Error(`startupTiming: periodSeconds must be a positive integer, got ${periodSeconds}`);
  return { periodSeconds, timeoutSeconds: 5, failureThreshold: Math.ceil(maxStartupSeconds / periodSeconds) };
}

export function execProbe(command: readonly string[], timing: ProbeTiming): IIoK8sApiCoreV1Probe {
  return { exec: { command: [...command] }, ...timing };
}

export function httpGetProbe(path: string, port: number | string, timing: ProbeTiming): IIoK8sApiCoreV1Probe {
  if (!path.startsWith('/')) throw new Error(`httpGetProbe: path must start with "/", got "${path}"`);
  return { httpGet: { path, port }, ...timing };
}

export function tcpSocketProbe(port: number | string, timing: ProbeTiming): IIoK8sApiCoreV1Probe {
  return { tcpSocket: { port }, ...timing };
}
