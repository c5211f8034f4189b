import type { ImageDeclaration } from '@open4goods/kit';

const file = 'packages/backups/src/images.ts';

/**
 * rclone (Alpine with busybox sh): uploads to and downloads from S3 and applies the retention.
 * The dumps and exports themselves run in the mysql and xwiki images, so their clients match
 * the servers.
 */
export const rcloneImage: ImageDeclaration = {
  // renovate: datasource=docker depName=rclone/rclone
  reference: 'rclone/rclone:1.75.1@sha256:45401ad7410db1d67ffdb58e19059ad20b0d8e0285a60e38bbec55cc1019c7a5',
  file,
  constant: 'rcloneImage',
};
