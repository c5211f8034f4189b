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

/** Longhorn, the storage of every persistent volume. */
export interface StorageSettings {
  /**
   * Share of each node's default disk Longhorn never allocates to volumes (`storageReservedPercentageForDefaultDisk`),
   * so the node's own files and images keep room.
   */
  readonly reservedPercentageForDefaultDisk: number;
}

/** The NGINX ingress controller. */
export interface IngressSettings {
  /** Largest request body the controller accepts (`client-max-body-size`): XWiki attachments are uploaded through it. */
  readonly clientMaxBodySize: string;
}

/** external-dns: which provider holds the zone and how records are managed. */
export interface DnsSettings {
  /** Switching this one field moves external-dns (and its credentials) from OVH to Cloudflare. */
  readonly provider: 'ovh' | 'cloudflare';
  /** The zone external-dns may write to (its `domainFilters`). */
  readonly zone: string;
  /** `sync` also deletes the records this cluster owns once their Ingress is gone; `upsert-only` never deletes. */
  readonly policy: 'sync' | 'upsert-only' | 'create-only';
  /** OVH API endpoint (`--ovh-endpoint`), used when the provider is OVH. */
  readonly ovhEndpoint: string;
}

/** How External Secrets reaches Vault (used when `secrets.kind` is `vault`). */
export interface VaultSettings {
  /** Vault's address, e.g. `https://vault.example.org:8200`. */
  readonly address: string;
  /** Mount of the KV v2 engine holding the secrets. */
  readonly kvMount: string;
  /** Mount of this cluster's Kubernetes auth method (one per cluster: each has its own API server). */
  readonly authMountPath: string;
  /** Vault role bound to the External Secrets service account. */
  readonly role: string;
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

/**
 * Where Alertmanager sends notifications. What is secret (the SMTP password, the webhook URL, which
 * usually carries a token) comes from the observability component's secret contract, never from here.
 */
export type AlertReceiverSettings =
  /** E-mail through an SMTP relay that requires TLS and authentication. */
  | { readonly kind: 'email'; readonly to: string; readonly from: string; readonly smarthost: string; readonly username: string }
  /** An HTTP endpoint receiving Alertmanager's webhook JSON (a chat bridge, an incident tool). */
  | { readonly kind: 'webhook' };

/** The in-cluster smoke tests Flux runs after every deploy (packages/smoke). */
export interface SmokeSettings {
  /** The CRUD smoke of MySQL: rows written, read, updated and deleted one by one, and the latency bound of each operation. */
  readonly mysqlCrud: {
    readonly rows: number;
    readonly maxP50Milliseconds: number;
    readonly maxP95Milliseconds: number;
  };
  /**
   * How long a finished smoke Job (and its logs) is kept. Flux then creates it again, so the
   * checks also run at this pace when nothing changes.
   */
  readonly rerunAfter: Duration;
}

/** Metrics, alerts, dashboards and (optionally) logs. */
export interface ObservabilitySettings {
  readonly prometheus: {
    /** How long samples are kept; the volume also caps it (85% of `storageSize`). */
    readonly retention: Duration;
    readonly storageSize: Quantity;
    readonly resources: ComputeResources;
  };
  /** Alertmanager keeps silences and the notification log on a small volume. */
  readonly alertmanager: { readonly storageSize: Quantity };
  /** Loki and its log collector: off unless an environment turns them on. */
  readonly logs: { readonly enabled: boolean; readonly retention: Duration; readonly storageSize: Quantity };
  readonly alertReceiver: AlertReceiverSettings;
  /**
   * The dead man's switch. Alertmanager posts the always-firing Watchdog alert at this pace to an
   * outside heartbeat service (its URL, which carries a token, is the `heartbeat-url` key of the
   * receiver Secret), and that service tells the operators when the posts stop: a dead
   * Prometheus, Alertmanager or node, or a cut network, none of which can alert from inside (on
   * one node, NodeDown never fires). Set the service's period to `interval` and its grace to a few times it.
   */
  readonly heartbeat: { readonly enabled: boolean; readonly interval: Duration };
  /** Web address of the repository's docs/runbooks directory; every alert links to its section there. */
  readonly runbookBaseUrl: string;
  /**
   * metrics-server skips verifying the kubelets' serving certificates. Needed where kubelets serve
   * self-signed certificates (kubeadm without serverTLSBootstrap); leave false where the cluster CA signs them.
   */
  readonly metricsServer: { readonly kubeletInsecureTls: boolean };
}

export type SecretBackend =
  /** Secrets are SOPS-encrypted files in `clusters/<env>/secrets/`, decrypted by Flux. */
  | { readonly kind: 'sops' }
  /** Secrets are synced from Vault by External Secrets through a ClusterSecretStore. */
  | { readonly kind: 'vault'; readonly clusterSecretStore: string; readonly pathPrefix: string };

/** How pods reach what lives outside the pod network; NetworkPolicies are built from it. */
export interface NetworkSettings {
  /**
   * Where the Kubernetes API server answers once the `kubernetes` Service has been translated:
   * the control-plane node addresses and the API port(s). Policies allow API egress to these only.
   */
  readonly kubernetesApi: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}

/** The cluster itself. */
export interface ClusterSettings {
  readonly nodeCount: number;
  /**
   * The URL of the cluster's Kubernetes API server (`https://host:port`), as kubeconfig files name
   * it (`clusters[].cluster.server`). Commands that act on the cluster (`o4g restore --apply`,
   * `o4g smoke --run`) refuse a kubectl context that points anywhere else, so a context left on
   * staging can never restore into prod. The URL, not a context name: each operator names the
   * contexts of their own kubeconfig. Unset: those commands act only with an explicit `--context`.
   */
  readonly apiServer?: string;
}

/** The typed settings of one cluster. */
export interface Environment {
  /** Environment name: `prod`, `staging`, `defaults` (the base), or a synthetic name in tests. */
  readonly name: string;
  /** The file the environment was defined in, used in error messages. */
  readonly sourceFile: string;
  /** Namespace of the Open4Goods applications. */
  readonly appNamespace: string;
  readonly cluster: ClusterSettings;
  /** Whether every image must be pinned by digest (prod). */
  readonly images: { readonly requireDigest: boolean };
  readonly flux: {
    readonly interval: Duration;
    readonly timeout: Duration;
    /** Keep the apps layer suspended while any decision is open (Flux enforces it). */
    readonly suspendAppsWhileDecisionsOpen: boolean;
  };
  readonly acme: { readonly email: string; readonly server: 'letsencrypt-staging' | 'letsencrypt-prod' };
  readonly dns: DnsSettings;
  readonly secrets: SecretBackend;
  readonly vault: VaultSettings;
  readonly storage: StorageSettings;
  readonly ingress: IngressSettings;
  /**
   * age public keys (`age1…`) SOPS files of this environment are encrypted to: the cluster's key
   * (its private half is the `sops-age` Secret Flux decrypts with) and the operators' keys.
   */
  readonly sops: { readonly ageRecipients: readonly string[] };
  readonly network: NetworkSettings;
  /** The group (from the cluster's authenticator) whose members are cluster-admin: the only such binding. */
  readonly access: { readonly clusterAdminGroup: string };
  readonly decisions: Decisions;
  readonly mysql: MysqlSettings;
  readonly xwiki: XwikiSettings;
  readonly backups: BackupSettings;
  readonly observability: ObservabilitySettings;
  readonly smoke: SmokeSettings;
}

/** What an environment file writes: everything but the fields derived by the loader. */
export type EnvironmentSettings = Omit<Environment, 'name' | 'sourceFile' | 'appNamespace'>;

/**
 * T with every key present, the optional ones as `undefined` when they have no default. The
 * defaults are written as a Complete<EnvironmentSettings>, so the compiler makes defaults.ts list
 * every setting: it is where load-time validation learns the known keys.
 */
export type Complete<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in RequiredKeys<T>]: Complete<T[K]> } & { readonly [K in OptionalKeys<T>]: Complete<Exclude<T[K], undefined>> | undefined }
    : T;
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

/** Unions with a discriminant (a Decision, a SecretBackend, an S3Encryption) are replaced whole, never merged. */
type Discriminated = { readonly status: unknown } | { readonly kind: unknown } | { readonly mode: unknown };
type DeepPartial<T> = T extends Discriminated | readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What prod.ts and staging.ts write: only what differs from defaults.ts. */
export type EnvironmentOverrides = DeepPartial<EnvironmentSettings>;
