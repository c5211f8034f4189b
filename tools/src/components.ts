import backups from '@open4goods/backups';
import certManager from '@open4goods/cert-manager';
import externalDns from '@open4goods/external-dns';
import externalSecrets from '@open4goods/external-secrets';
import ingress from '@open4goods/ingress';
import type { ComponentDefinition } from '@open4goods/kit';
import longhorn from '@open4goods/longhorn';
import mysql from '@open4goods/mysql';
import netpol from '@open4goods/netpol';
import observability from '@open4goods/observability';
import rbac from '@open4goods/rbac';
import smoke from '@open4goods/smoke';
import xwiki from '@open4goods/xwiki';

/** Every component the engine builds. Add a new package here (see README, "Add a component"). */
export const allComponents: readonly ComponentDefinition[] = [observability, externalSecrets, longhorn, ingress, certManager, externalDns, mysql, xwiki, backups, smoke, netpol, rbac];
