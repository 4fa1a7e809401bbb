export interface Config {
  /** Stagecraft multi-stage build settings. */
  multistageBuild?: {
    /**
     * Directories that local (`file:`) entity sources and build contexts may
     * come from. Relative paths are resolved against the backend's working
     * directory. A local Dockerfile outside all of them is refused.
     */
    allowedRoots?: string[];
    /**
     * Trust a `backstage.io/source-location` that points outside the repository
     * and ref the entity was read from (a central catalog repository, say).
     * Default false: such entities are refused with a 400, since anyone who can
     * register an entity could otherwise have the backend read any repository
     * its integrations reach.
     */
    trustSourceLocation?: boolean;
    /** The largest Dockerfile, in bytes, that is read or analysed. Default 1 MiB. */
    maxDockerfileBytes?: number;
    builds?: {
      /**
       * Builds this replica runs at once; the rest wait in the database's queue
       * for any replica. Also the concurrency of the `default` builder when
       * `builders` is not set. Default 2.
       */
      concurrency?: number;
      /**
       * Seconds a replica's claim on a run lasts without renewal (it renews a
       * third of the way through). A replica that dies loses its runs to the
       * recovery task once this passes. Default 30.
       */
      leaseSeconds?: number;
      /** Milliseconds between looks for queued runs when no notification came. Default 1000. */
      claimPollMs?: number;
      /**
       * On shutdown, seconds running builds may take to end; those still
       * running are then stopped and queued again for another replica. Keep it
       * below the orchestrator's kill timeout (Kubernetes: 30 s). Default 20.
       */
      shutdownGraceSeconds?: number;
      /** Seconds between health checks of each builder. Default 10. */
      healthCheckSeconds?: number;
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
      /**
       * Seconds a build may run; past them the engine build is stopped and the
       * run fails with "timed out after ...". Default 3600.
       */
      timeoutSeconds?: number;
      /** Files one build context may have; a build with more fails, naming this setting. Default 50000. */
      maxContextFiles?: number;
      /** Bytes one build context may have; a build with more fails, naming this setting. Default 1073741824 (1 GiB). */
      maxContextBytes?: number;
      /** Builds one user may have queued or running at once; more are answered 429. Default 10. */
      maxUnfinishedPerUser?: number;
      /** Builds one entity may have queued or running at once; more are answered 429. Default 5. */
      maxUnfinishedPerEntity?: number;
      /** How much of each step's output is stored for the run page (bytes, from the end). Default 1048576. */
      stepLogBytes?: number;
    };
    analysis?: {
      /**
       * Severity per rule id (`error`, `warning`, `info`) or `off`, over the
       * catalog's defaults, for every analysis the portal runs.
       */
      rules?: { [ruleId: string]: 'error' | 'warning' | 'info' | 'off' };
      /**
       * Worker threads that run analyses, off the event loop (also used by the
       * scaffolder actions). Default 2.
       */
      workers?: number;
      /** Milliseconds one analysis may run before it is stopped with a 422. Default 10000. */
      timeoutMs?: number;
      /** Analyses that may wait for a worker; more are answered 503. Default 64. */
      maxQueued?: number;
      /** Heap ceiling of one analysis worker, in MB; over it the analysis gets a 422. Default 512. */
      memoryMb?: number;
      /** Limits on one Dockerfile; over one, the analysis is refused with a 422 naming it and the line. */
      limits?: {
        /** Stages (FROM instructions). Default 500. */
        maxStages?: number;
        /** Instructions. Default 10000. */
        maxInstructions?: number;
        /** Characters in one line, or in one instruction's lines joined by continuations. Default 65536. */
        maxLineLength?: number;
        /** Characters one variable expansion may produce. Default 65536. */
        maxExpandedLength?: number;
        /** Characters all variable expansions of one analysis may produce together. Default 4194304. */
        maxExpansionWork?: number;
        /** Levels of `${...}` nested in one word. Default 64. */
        maxNestingDepth?: number;
      };
    };
    /** The org-wide build analytics page (docs/build-analytics.md). */
    analytics?: {
      /**
       * Minutes between refreshes of the page's entity table: the catalog's
       * annotated entities and the open findings of their Dockerfiles. Runs on
       * one replica at a time. Default 30.
       */
      refreshMinutes?: number;
      /** Dockerfile reads per second during a refresh, at most. Default 5. */
      scanRequestsPerSecond?: number;
      /** Minutes between runs of the day rollup and the retention policy. Runs on one replica at a time. Default 60. */
      rollupMinutes?: number;
      /**
       * Runs (with their steps, logs and context file digests) older than this
       * many days are deleted once their day is rolled up; the rollups are kept.
       * 0 keeps every run. Default 365.
       */
      retentionDays?: number;
      /** Seconds a caller's set of visible entities is reused between the page's requests. 0 asks the catalog every time. Default 30. */
      visibilityCacheSeconds?: number;
    };
    /**
     * The Docker engines builds run on. Without it, one builder named
     * `default` at `docker.host` with `builds.concurrency`.
     */
    builders?: Array<{
      /** Lower-case letters, digits and dashes; shown on every build it runs. */
      name: string;
      /** `unix:///var/run/docker.sock` or `tcp://host:2376`. */
      host: string;
      /** Client certificates for a `tcp://` engine started with `--tlsverify`: paths of PEM files. */
      tls?: {
        ca: string;
        cert: string;
        /** @visibility secret */
        key: string;
      };
      /** Platforms it builds, e.g. `linux/amd64`; default the engine's own. */
      platforms?: string[];
      /** Builds it runs at once, across every replica. Default `builds.concurrency`. */
      concurrency?: number;
    }>;
    /**
     * Secrets builds may mount (`RUN --mount=type=secret,id=…`). A build
     * configuration grants them by id; the value is served to the build's
     * BuildKit session at build time and never stored, logged or returned.
     */
    secrets?: Array<{
      /** What `--mount=type=secret,id=` and the build configuration name. */
      id: string;
      /**
       * The value (usually `${SOME_ENV}` substitution).
       * @visibility secret
       */
      value?: string;
      /** Or the environment variable to read it from, at build time on the replica running the build. */
      env?: string;
      /** Entity refs whose builds may use it; `*` matches any part (`component:default/*`, or `*` for all). */
      entities: string[];
    }>;
    /** SSH agents builds may reach (`RUN --mount=type=ssh[,id=…]`; the id defaults to `default`). */
    ssh?: Array<{
      id: string;
      /** A running agent's socket on the backend's machine, e.g. `/run/ssh-agent.sock`. */
      agentSocket?: string;
      /** Or a private key file (OpenSSH or PEM; Ed25519 or RSA), served by an agent inside the backend. */
      keyFile?: string;
      /** The environment variable holding the key file's passphrase, if it has one. */
      passphraseEnv?: string;
      /** Entity refs whose builds may use it; `*` matches any part. */
      entities: string[];
      /** The builders it serves (their names); every builder when unset. An id may have one entry per builder. */
      builders?: string[];
    }>;
    /**
     * Registries builds push to, and pull bases and cache from with a login.
     * A build configuration's `push.repository` must be on one of them.
     */
    registries?: Array<{
      /** e.g. `registry.example.com` or `localhost:5000`. */
      host: string;
      username?: string;
      /** @visibility secret */
      password?: string;
      /** Talk plain HTTP to its API (a registry on localhost). Default false. */
      insecure?: boolean;
      /** Entity refs whose builds may push there and use its login; `*` matches any part. */
      entities: string[];
    }>;
    events?: {
      /** Milliseconds between stores of a running build's events (each store notifies other replicas). Default 100. */
      flushMs?: number;
      /** Milliseconds between polls of stored events by open streams, besides PostgreSQL notifications. Default 1000. */
      pollMs?: number;
      /** Minutes after a run ends that its events are removed (its steps and logs stay). Default 60. */
      retentionMinutes?: number;
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
