import type { ComponentDefinition } from '@open4goods/kit';
import externalSecrets from '@open4goods/external-secrets';
import mysql from '@open4goods/mysql';
import netpol from '@open4goods/netpol';
import rbac from '@open4goods/rbac';

/** Every component the engine builds. Add a new package here (see README, "Add a component"). */
export const allComponents: readonly ComponentDefinition[] = [externalSecrets, mysql, netpol, rbac];
