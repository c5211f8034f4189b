/** The script's file name in the template ConfigMap. */
export const hibernateRenderScriptFileName = 'render-hibernate-cfg.sh';

/** The environment variables the script reads (paths and the placeholder; never the password). */
export const hibernateRenderScriptVariables = {
  template: 'HIBERNATE_TEMPLATE',
  passwordFile: 'DATABASE_PASSWORD_FILE',
  output: 'HIBERNATE_OUTPUT',
  placeholder: 'PASSWORD_PLACEHOLDER',
} as const;

const variables = hibernateRenderScriptVariables;

/**
 * Run by the init container (bash of the XWiki image): writes hibernate.cfg.xml with the
 * database password into the in-memory volume the XWiki container mounts. The password is read
 * from the Secret volume byte for byte (MySQL got the same bytes), escaped for XML, and only ever
 * written to that file (mode 0600): never to a ConfigMap, an argument, an environment variable
 * or the log.
 */
export const hibernateRenderScript = `#!/bin/bash
# Renders hibernate.cfg.xml for XWiki at pod start (generated from packages/xwiki/src/hibernate-render-script.ts).
set -euo pipefail

: "\${${variables.template}:?path of the hibernate.cfg.xml template}"
: "\${${variables.passwordFile}:?path of the file holding the database password}"
: "\${${variables.output}:?path to write hibernate.cfg.xml to}"
: "\${${variables.placeholder}:?text of the template to replace with the password}"

fail() {
  echo "render-hibernate-cfg: $*" >&2
  exit 1
}

[[ -r "$${variables.template}" ]] || fail "cannot read the template $${variables.template}"
[[ -s "$${variables.passwordFile}" ]] || fail "the database password file $${variables.passwordFile} is missing or empty"

# read -d '' keeps every byte, trailing line breaks included; it returns 1 at the end of the file.
IFS= read -r -d '' template <"$${variables.template}" || true
IFS= read -r -d '' password <"$${variables.passwordFile}" || true

without_placeholder=\${template//"$${variables.placeholder}"/}
occurrences=$(( (\${#template} - \${#without_placeholder}) / \${#${variables.placeholder}} ))
(( occurrences == 1 )) || fail "the template must hold $${variables.placeholder} exactly once, found it $occurrences times"

# XML 1.0 cannot carry other control characters, even as character references.
without_xml_whitespace=\${password//[$'\\t\\n\\r']/}
[[ "$without_xml_whitespace" != *[[:cntrl:]]* ]] || fail "the database password contains control characters XML cannot carry"

# Escape for XML text, & first. The replacements are quoted: bash 5.2 would expand an unquoted &
# to the matched text. Whitespace controls become character references so parsers keep them as is.
password=\${password//'&'/'&amp;'}
password=\${password//'<'/'&lt;'}
password=\${password//'>'/'&gt;'}
password=\${password//'"'/'&quot;'}
password=\${password//"'"/'&apos;'}
password=\${password//$'\\t'/'&#9;'}
password=\${password//$'\\n'/'&#10;'}
password=\${password//$'\\r'/'&#13;'}

umask 077
printf '%s' "\${template//"$${variables.placeholder}"/"$password"}" >"$${variables.output}"
echo "render-hibernate-cfg: wrote $${variables.output}"
`;
