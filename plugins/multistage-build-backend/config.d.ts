export interface Config {
  /** Stagecraft multi-stage build settings. */
  multistageBuild?: {
    /**
     * Directories that local (`file:`) entity sources and build contexts may
     * come from. Relative paths are resolved against the backend's working
     * directory. A local Dockerfile outside all of them is refused.
     */
    allowedRoots?: string[];
    /** The largest Dockerfile, in bytes, that is read or analysed. Default 1 MiB. */
    maxDockerfileBytes?: number;
    builds?: {
      /** Builds that may run at once; the rest wait in order. Default 2. */
      concurrency?: number;
      /**
       * After a build, build each named stage the target needs (all from cache)
       * to record its image size. Default true.
       */
      measureStageSizes?: boolean;
      /**
       * Build args every build gets unless its saved configuration or the
       * request sets them: typically base-image ARGs pointed at a registry
       * mirror.
       */
      buildArgs?: { [name: string]: string };
    };
    analysis?: {
      /**
       * Severity per rule id (`error`, `warning`, `info`) or `off`, over the
       * catalog's defaults, for every analysis the portal runs.
       */
      rules?: { [ruleId: string]: 'error' | 'warning' | 'info' | 'off' };
    };
    docker?: {
      /**
       * Where the Docker engine listens, e.g. `unix:///var/run/docker.sock` or
       * `tcp://127.0.0.1:2375`. Defaults to DOCKER_HOST, then the local socket.
       */
      host?: string;
    };
  };
}
