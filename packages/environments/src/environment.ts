import type { Decision } from './decision.ts';

/** A duration written as a number and a unit: `30m`, `1h`, `7d`. */
export type Duration = string;
/** A Kubernetes resource quantity: `512Mi`, `50Gi`, `500m`. */
export type Quantity = string;

export type S3Encryption = { readonly mode: 'SSE-S3' } | { readonly mode: 'SSE-KMS'; readonly kmsKeyId: string };

/** Where backups go. */
export interface S3Settings {
  readonly endpoint: string;
  readonly bucket: string;
  /** Key prefix of every object this environment writes, without leading or trailing slash. */
  readonly prefix: string;
  readonly region: string;
  readonly encryption: S3Encryption;
  readonly retentionDays: number;
}

export interface RecoveryObjectives {
  /** Recovery point objective: how much data may be lost. */
  readonly rpo: Duration;
  /** Recovery time objective: how long a restore may take. */
  readonly rto: Duration;
}

/** The decisions the specification leaves to the owners; see docs/decisions.md. */
export interface Decisions {
  /** MySQL major.minor series, e.g. `8.4`. The mysql image must belong to it. */
  readonly mysqlVersion: Decision<string>;
  readonly s3: Decision<S3Settings>;
  /** Public host names. */
  readonly fqdn: Decision<{ readonly xwiki: string }>;
  readonly recoveryObjectives: Decision<RecoveryObjectives>;
  /** How often a restore is tested (in staging). */
  readonly restoreTestFrequency: Decision<Duration>;
}

export interface ComputeResources {
  readonly requests: { readonly cpu: Quantity; readonly memory: Quantity };
  readonly limits: { readonly cpu?: Quantity; readonly memory: Quantity };
}

export interface MysqlSettings {
  readonly storageSize: Quantity;
  readonly resources: ComputeResources;
  /** `innodb_buffer_pool_size`, as a Kubernetes quantity; must fit in the memory limit. */
  readonly innodbBufferPoolSize: Quantity;
  readonly maxConnections: number;
  readonly database: string;
  readonly user: string;
}

export interface XwikiSettings {
  /** Size of the \`xwiki-data\` volume: the permanent directory (attachments, extensions, Solr index). */
  readonly storageSize: Quantity;
  /** The JVM heap is derived from \`limits.memory\` (packages/xwiki/src/java-options.ts). */
  readonly resources: ComputeResources;
}

export interface BackupSettings {
  /** Scratch space (an emptyDir size limit) a dump or export is written to before its upload. */
  readonly scratchSize: Quantity;
  /**
   * The environment whose latest MySQL dump this environment restores on the restore-test
   * schedule (decisions.restoreTestFrequency). Absent: no restore test runs here.
   */
  readonly restoreTestSource?: string;
}

export type SecretBackend =
  /** Secrets are SOPS-encrypted files in `clusters/<env>/secrets/`, decrypted by Flux. */
  | { readonly kind: 'sops' }
  /** Secrets are synced from Vault by External Secrets through a ClusterSecretStore. */
  | { readonly kind: 'vault'; readonly clusterSecretStore: string; readonly pathPrefix: string };

/** The typed settings of one cluster. */
export interface Environment {
  /** Environment name: `prod`, `staging`, `defaults` (the base), or a synthetic name in tests. */
  readonly name: string;
  /** The file the environment was defined in, used in error messages. */
  readonly sourceFile: string;
  /** Namespace of the Open4Goods applications. */
  readonly appNamespace: string;
  readonly cluster: { readonly nodeCount: number };
  /** Whether every image must be pinned by digest (prod). */
  readonly images: { readonly requireDigest: boolean };
  readonly flux: {
    readonly interval: Duration;
    readonly timeout: Duration;
    /** Keep the apps layer suspended while any decision is open (Flux enforces it). */
    readonly suspendAppsWhileDecisionsOpen: boolean;
  };
  readonly acme: { readonly email: string; readonly server: 'letsencrypt-staging' | 'letsencrypt-prod' };
  readonly dns: { readonly provider: 'ovh' | 'cloudflare'; readonly zone: string };
  readonly secrets: SecretBackend;
  readonly decisions: Decisions;
  readonly mysql: MysqlSettings;
  readonly xwiki: XwikiSettings;
  readonly backups: BackupSettings;
}

/** What an environment file writes: everything but the fields derived by the loader. */
export type EnvironmentSettings = Omit<Environment, 'name' | 'sourceFile' | 'appNamespace'>;

/** Unions with a discriminant (a Decision, a SecretBackend, an S3Encryption) are replaced whole, never merged. */
type Discriminated = { readonly status: unknown } | { readonly kind: unknown } | { readonly mode: unknown };
type DeepPartial<T> = T extends Discriminated | readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What prod.ts and staging.ts write: only what differs from defaults.ts. */
export type EnvironmentOverrides = DeepPartial<EnvironmentSettings>;
