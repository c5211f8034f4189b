import type { DnsSettings } from '@open4goods/environments';

/** What external-dns needs from one DNS provider: credential variables and flags. */
export interface DnsProviderProfile {
  /** `provider.name` of the chart. */
  readonly name: DnsSettings['provider'];
  /** Environment variables read from the credentials Secret, with what each one is. */
  readonly credentials: readonly { readonly variable: string; readonly description: string }[];
  readonly extraArgs: (dns: DnsSettings) => string[];
}

/**
 * OVH (today) and Cloudflare (ready): switching `dns.provider` in the environment switches the
 * provider, its credential keys and its flags together.
 */
export const dnsProviders: Record<DnsSettings['provider'], DnsProviderProfile> = {
  ovh: {
    name: 'ovh',
    credentials: [
      { variable: 'OVH_APPLICATION_KEY', description: 'OVH API application key' },
      { variable: 'OVH_APPLICATION_SECRET', description: 'OVH API application secret' },
      {
        variable: 'OVH_CONSUMER_KEY',
        description: 'OVH consumer key allowed GET/PUT/POST/DELETE on /domain/zone/*/record*, GET /domain/zone/*/soa and POST /domain/zone/*/refresh',
      },
    ],
    extraArgs: (dns) => [`--ovh-endpoint=${dns.ovhEndpoint}`],
  },
  cloudflare: {
    name: 'cloudflare',
    // A scoped API token (Zone:Read, DNS:Edit on the zone); never the legacy global key and e-mail.
    credentials: [{ variable: 'CF_API_TOKEN', description: 'Cloudflare API token with Zone:Read and DNS:Edit on the zone' }],
    extraArgs: () => [],
  },
};
