export interface Config {
  multistageBuild?: {
    scaffolder?: {
      /**
       * Where `multistage:service:publish` writes new services, one directory
       * each: a local stand-in for a Git host. Relative paths are resolved
       * against the backend's working directory. Add
       * `<publishRoot>/*\/catalog-info.yaml` as a file location in
       * `catalog.locations`, and the directory to `multistageBuild.allowedRoots`
       * so that the new services can be built. Without it the action is not
       * offered.
       */
      publishRoot?: string;
    };
  };
}
