import backups from '@open4goods/backups';
import type { ComponentDefinition } from '@open4goods/kit';
import mysql from '@open4goods/mysql';
import xwiki from '@open4goods/xwiki';

/** Every component the engine builds. Add a new package here (see README, "Add a component"). */
export const allComponents: readonly ComponentDefinition[] = [mysql, xwiki, backups];
