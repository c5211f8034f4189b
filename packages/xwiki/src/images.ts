import type { ImageDeclaration } from '@open4goods/kit';

const file = 'packages/xwiki/src/images.ts';

/**
 * XWiki 17.3.0 on Tomcat 10.1 with the MySQL connector (the index digest of the multi-arch image,
 * the 2025-05-16 rebuild with Tomcat 10.1.41). The init container reuses it, so a pod pulls one image.
 */
export const xwikiImage: ImageDeclaration = {
  // renovate: datasource=docker depName=xwiki
  reference: 'xwiki:17.3.0-mysql-tomcat@sha256:43b0e2055d553b8b3cf627fa2282a024400adb0c0384beb071610278ff7ec5b2',
  file,
  constant: 'xwikiImage',
};
