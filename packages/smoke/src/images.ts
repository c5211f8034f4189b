import type { ImageDeclaration } from '@open4goods/kit';

const file = 'packages/smoke/src/images.ts';

/**
 * curl (Alpine, busybox sh) for the XWiki check: it speaks every TLS version OpenSSL can, so
 * the check can prove the ingress refuses the old ones. The MySQL check runs in the mysql image
 * (its client matches the server) and the backups check in the backups' rclone image.
 */
export const curlImage: ImageDeclaration = {
  // renovate: datasource=docker depName=curlimages/curl
  reference: 'curlimages/curl:8.17.0@sha256:935d9100e9ba842cdb060de42472c7ca90cfe9a7c96e4dacb55e79e560b3ff40',
  file,
  constant: 'curlImage',
};

/** busybox (nc, nslookup) for the NetworkPolicy probes: the smallest image that can open a connection and ask DNS. */
export const busyboxImage: ImageDeclaration = {
  // renovate: datasource=docker depName=busybox
  reference: 'busybox:1.37.0@sha256:bdf57e528e45e4433820e045b29b4597825a1c9e38353532d90a01445013f82e',
  file,
  constant: 'busyboxImage',
};
