/*
 * hadolint's rule codes and the rules here that find the same problem, so
 * that `# hadolint ignore=DL3007` comments and a `.hadolint.yaml`'s
 * `ignored`/`override` lists keep working. The mapping is from hadolint's rule
 * table (github.com/hadolint/hadolint, README "Rules"). A code maps only where
 * the rule here finds the same thing or a part of it; codes for checks this
 * analyser does not make (DL3008 apt pins, DL4006 pipefail, ...) map to
 * nothing, and ignoring them here has nothing to silence. docs/rules/README.md
 * shows this table.
 */
export const hadolintCodes: Readonly<Record<string, readonly string[]>> = {
  DL3000: ['workdir-relative-path'],
  DL3002: ['root-final-stage'],
  DL3005: ['package-upgrade'],
  DL3006: ['unpinned-base-image'],
  DL3007: ['unpinned-base-image'],
  DL3011: ['expose-invalid'],
  DL3012: ['multiple-cmd'],
  DL3013: ['unpinned-tool-install'],
  DL3015: ['apt-install-recommends'],
  DL3016: ['unpinned-tool-install'],
  DL3017: ['package-upgrade'],
  DL3020: ['add-instead-of-copy'],
  DL3022: ['undefined-stage'],
  DL3023: ['stage-cycle'],
  DL3024: ['duplicate-stage-name'],
  DL3025: ['json-args-recommended'],
  DL3026: ['untrusted-registry'],
  DL3028: ['unpinned-tool-install'],
  DL3057: ['missing-healthcheck'],
  DL3062: ['unpinned-tool-install'],
  DL4000: ['maintainer-deprecated'],
  DL4003: ['multiple-cmd'],
  DL4004: ['multiple-cmd'],
};

/**
 * Codes that cover only part of the rule they map to: DL3012 is HEALTHCHECK
 * alone where multiple-cmd also judges CMD and ENTRYPOINT; the pin codes
 * are one tool each of unpinned-tool-install; DL3007 is `latest` where
 * unpinned-base-image also judges no tag. Ignoring one affects the whole rule.
 */
const partialCodes = new Set(['DL3005', 'DL3006', 'DL3007', 'DL3012', 'DL3013', 'DL3016', 'DL3017', 'DL3028', 'DL3062', 'DL4003', 'DL4004']);

/** Whether a code covers only part of the rules it maps to. */
export function isPartialHadolintCode(code: string): boolean {
  return partialCodes.has(code.toUpperCase());
}

/** True for a hadolint rule code (`DL3008`, `SC2086`), whether or not it maps to a rule here. */
export function isHadolintCode(word: string): boolean {
  return /^(DL|SC)\d{4}$/i.test(word);
}

/** The rule ids a hadolint code stands for here; empty for codes with no counterpart. */
export function rulesForHadolintCode(code: string): readonly string[] {
  return hadolintCodes[code.toUpperCase()] ?? [];
}
