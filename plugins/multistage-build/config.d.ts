export interface Config {
  /** Stagecraft multi-stage build settings. */
  multistageBuild?: {
    /**
     * Where the rule documentation (the repository's docs/rules) is published,
     * e.g. `https://github.com/acme/stagecraft/blob/main/docs/rules`. The build
     * analytics page's rule pages link to `<ruleDocsBaseUrl>/<rule id>.md`;
     * without it they show the rule without a link.
     * @visibility frontend
     */
    ruleDocsBaseUrl?: string;
  };
}
