/**
 * The CLI's usage text, alone in its module: `o4g --help` prints it from a bundle of this file
 * only (tools/bin/o4g.mjs), without loading the engine and every component.
 */
export const usage = `Usage: o4g <command> [options]

Commands:
  build [--component C]... [--env E]... [--clusters] [--strict]
                         render, validate and write bases, overlays and Flux Kustomizations
                         (--clusters: only clusters/<env>/kustomization.yaml and flux/kustomization.yaml)
  check                  exit 1 and list generated files that differ from a fresh render
  render <env> [component]
                         the final objects of an environment as multi-document YAML
  images [--env E]... [--without-charts]
                         every deployed image reference (ours and the charts', from Helm's render) as a
                         JSON array; --without-charts: only the images our TypeScript declares
  decisions <env>        the decisions of an environment and which are open
  status <env>           per unit: kinds and counts, charts, images, hosts, volumes, the Secrets it
                         needs and where each comes from (Vault path or SOPS file), open decisions
  netpol <env>           the flows its NetworkPolicies allow between the workloads of an environment
  pss --level <baseline|restricted> <files...>
                         Pod Security verdict and failed controls per pod spec; exit 1 on a violation
  secrets set <env> <name> KEY=VALUE...
                         write clusters/<env>/secrets/<namespace>.<name>.sops.yaml, encrypted to the
                         environment's age recipients (keys of an existing file are kept: needs its key)
  secrets edit <env> <name>
                         decrypt into $EDITOR, re-encrypt on save (needs SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)
  restore <mysql|xwiki> <env> --from <key|latest> [--apply [--context C]]
                         the Job that restores the environment from a backup in its S3
                         (--apply: create it with kubectl; see docs/runbooks/restore-*.md)
  smoke <env> [--run [--context C]]
                         the in-cluster smoke checks of an environment as manifests; --run creates
                         a copy of each Job with kubectl, follows it and reports each result
                         --apply and --run act in kubectl context C, or else the current one, and
                         refuse one whose server is not the environment's cluster.apiServer
                         (without that setting, they need --context)

Options:
  --root DIR             repository root (default: nearest directory with nx.json)
`;
