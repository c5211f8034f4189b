import type { AlertGroupDefinition } from './alert-rule.ts';

/** Days before expiry when a certificate that has not been renewed becomes an alert (the 14 days). */
export const certificateExpiryWarningDays = 14;
/** Let's Encrypt certificates are renewed 30 days ahead; 3 days left means renewal failed for weeks. */
export const certificateExpiryCriticalDays = 3;

const secondsLeft = 'certmanager_certificate_expiration_timestamp_seconds - time()';

export const certificateAlerts: AlertGroupDefinition = {
  name: 'certificates',
  alerts: [
    {
      alert: 'CertificateExpiringSoon',
      expr: `${secondsLeft} < ${certificateExpiryWarningDays * 86_400}`,
      for: '1h',
      severity: 'warning',
      summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}',
      description: `cert-manager renews certificates 30 days before they expire; this one has less than ${certificateExpiryWarningDays} days left, so renewal has been failing.`,
    },
    {
      alert: 'CertificateExpiringSoon',
      expr: `${secondsLeft} < ${certificateExpiryCriticalDays * 86_400}`,
      for: '10m',
      severity: 'critical',
      summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}',
      description: `Less than ${certificateExpiryCriticalDays} days left: browsers will refuse the site when it expires.`,
    },
    {
      alert: 'CertificateNotReady',
      expr: 'max by (namespace, name) (certmanager_certificate_ready_status{condition=~"False|Unknown"}) == 1',
      for: '15m',
      severity: 'warning',
      summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not Ready',
      description: 'cert-manager could not issue or renew the certificate (ACME challenge, issuer or DNS problem). A first issuance leaves the site on a temporary certificate.',
    },
  ],
};
