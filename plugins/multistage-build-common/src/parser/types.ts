/** A heredoc attached to a RUN, COPY or ADD instruction (`<<EOF` ... `EOF`). */
export interface Heredoc {
  /** The delimiter word with quotes removed, e.g. `EOF`. */
  name: string;
  /** False when any part of the delimiter was quoted: the body is not expanded. */
  expand: boolean;
  /** `<<-` strips leading tabs from the body and the terminator. */
  chomp: boolean;
  /** The file descriptor prefix, e.g. `3<<EOF`; 0 when absent. */
  fileDescriptor: number;
  /** The body, each line ending in a newline. */
  content: string;
  /** 1-based line of the first body line. */
  line: number;
  /** 1-based line of the terminator. */
  endLine: number;
}

/** One instruction as BuildKit's parser sees it. */
export interface Instruction {
  /** Upper-case keyword, e.g. `FROM`, `RUN`. */
  keyword: string;
  /** 1-based first line of the instruction (comments before it excluded). */
  line: number;
  /** 1-based last line, including continuation lines and heredoc bodies. */
  endLine: number;
  /** The logical line: continuations joined, comment lines inside them dropped. */
  original: string;
  /** Flags right after the keyword, as written: `--from=build`, `--link`. */
  flags: string[];
  /** Arguments split the way BuildKit splits them for this keyword. */
  args: string[];
  /** 1-based line of each flag, in `flags` order. */
  flagLines: number[];
  /** 1-based line where each argument starts, in `args` order. */
  argLines: number[];
  /** True when the arguments were given in JSON (exec) form. */
  json: boolean;
  heredocs: Heredoc[];
  /** For ONBUILD, the instruction it wraps. */
  trigger?: Instruction;
  /** Comment lines directly before the instruction, without the `#`. */
  comments: string[];
}

/** A parser directive at the top of the file (`# syntax=`, `# escape=`, `# check=`). */
export interface ParserDirective {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  line: number;
}

/** A problem that stops BuildKit from parsing the file, with its position. */
export interface ParseError {
  line: number;
  endLine?: number;
  message: string;
}

export interface ParsedDockerfile {
  instructions: Instruction[];
  directives: ParserDirective[];
  /** The escape character in force: a backslash unless `# escape=` says otherwise. */
  escapeChar: '\\' | '`';
  errors: ParseError[];
  /** Lines that look like parser directives but come too late to count. */
  lateDirectives: ParserDirective[];
  /** Lines with `# stagecraft ignore=<id>[,<id>]` comments, by the line they stand on. */
  ignoreComments: { line: number; ruleIds: string[] }[];
  /**
   * hadolint's pragmas, `# hadolint ignore=DL3008` (for the instruction below)
   * and `# hadolint global ignore=DL3006` (for the whole file), with their
   * codes upper-cased; analysis maps the codes to rule ids.
   */
  hadolintIgnores: { line: number; codes: string[]; global: boolean }[];
  /** Number of lines in the file. */
  lineCount: number;
}
