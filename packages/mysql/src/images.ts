import type { ImageDeclaration } from '@open4goods/kit';

const file = 'packages/mysql/src/images.ts';

/** MySQL 8.4 LTS (the index digest of the multi-arch image). */
export const mysqlImage: ImageDeclaration = {
  // renovate: datasource=docker depName=mysql versioning=docker
  reference: 'mysql:8.4.11@sha256:85b9bf2e29cf836ecb8c2a15a935d4ba0c606631dff1dd79531a11983c638f2a',
  file,
  constant: 'mysqlImage',
};

/** Prometheus exporter, run as a sidecar so it reaches MySQL on loopback only. */
export const mysqldExporterImage: ImageDeclaration = {
  // renovate: datasource=docker depName=prom/mysqld-exporter
  reference: 'prom/mysqld-exporter:v0.19.0@sha256:eacb4b18e2ec1e0abdf2d64851b68526c964f6d9cb3e9458fb5d5f5062ea94c1',
  file,
  constant: 'mysqldExporterImage',
};
