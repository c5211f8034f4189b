import type { Environment } from '@open4goods/environments';

/**
 * The controller's ConfigMap keys this repository sets (F5 NGINX Ingress Controller 5.x; every
 * value is a string, booleans as `True`/`False`). Each key is one of the documented keys: the
 * tests check them against the reference summary of the controller's ConfigMap keys.
 */
export interface NginxConfigurationEntries {
  readonly hsts: 'True' | 'False';
  readonly 'hsts-max-age': string;
  readonly 'hsts-include-subdomains': 'True' | 'False';
  readonly 'ssl-protocols': string;
  readonly 'ssl-ciphers': string;
  readonly 'ssl-prefer-server-ciphers': 'True' | 'False';
  readonly 'ssl-redirect': 'True' | 'False';
  readonly 'http-redirect-code': '301' | '302' | '307' | '308';
  readonly 'server-tokens': 'True' | 'False';
  readonly 'client-max-body-size': string;
  readonly http2: 'True' | 'False';
}

/** One year: the HSTS max-age browsers (and the preload list) expect. */
export const hstsMaxAgeSeconds = 31_536_000;
export const tlsProtocols = ['TLSv1.2', 'TLSv1.3'] as const;

/**
 * TLS 1.2 suites with forward secrecy and authenticated encryption only (ECDHE with AES-GCM or
 * ChaCha20-Poly1305), in Mozilla's order. TLS 1.3 suites are not configured by this list: all of
 * OpenSSL's are AEAD.
 */
export const tls12Ciphers = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

/**
 * The specification's hardening as controller-wide configuration: HSTS for a year with
 * subdomains, TLS 1.2/1.3 only with the list above (the controller writes no ssl_protocols line
 * unless told, leaving NGINX's older default), plain HTTP redirected to HTTPS, no version in
 * headers or error pages, HTTP/2, and a body size that lets XWiki attachments through.
 * This controller always adds `preload` to the HSTS header; it has no key to leave it out.
 */
export function nginxConfiguration(environment: Environment): NginxConfigurationEntries {
  return {
    hsts: 'True',
    'hsts-max-age': String(hstsMaxAgeSeconds),
    'hsts-include-subdomains': 'True',
    'ssl-protocols': tlsProtocols.join(' '),
    'ssl-ciphers': tls12Ciphers.join(':'),
    // With only strong suites, let clients pick (ChaCha20 on phones without AES hardware).
    'ssl-prefer-server-ciphers': 'False',
    'ssl-redirect': 'True',
    // 308 keeps the method and body of a redirected POST.
    'http-redirect-code': '308',
    'server-tokens': 'False',
    'client-max-body-size': environment.ingress.clientMaxBodySize,
    http2: 'True',
  };
}
