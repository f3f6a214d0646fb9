/** Why a fleet could not be loaded; `code` lets callers (the CLI, tests) react without parsing messages. */
export type FleetErrorCode =
  /** The file could not be read (missing, a directory, no permission). */
  | 'FLEET_FILE_UNREADABLE'
  /** The file is not valid YAML. */
  | 'FLEET_YAML_INVALID'
  /** The document does not have the fleet format's shape. */
  | 'FLEET_SCHEMA_INVALID'
  /** A name refers to something the fleet does not define, or two things share a name. */
  | 'FLEET_REFERENCE_INVALID';

export interface FleetProblem {
  /** Where in the document, e.g. `clusters[2].prometheus.workspace` (empty for the whole document). */
  yamlPath: string;
  /** What was expected there. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

export class FleetError extends Error {
  override readonly name = 'FleetError';

  constructor(
    readonly code: FleetErrorCode,
    message: string,
    readonly problems: FleetProblem[] = [],
    readonly file?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `clusters[2].prometheus` from ['clusters', 2, 'prometheus']. */
export function formatYamlPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

export function describeProblems(problems: readonly FleetProblem[], file?: string): string {
  const where = (problem: FleetProblem): string => {
    const location = problem.yamlPath === '' ? '(document)' : problem.yamlPath;
    if (file === undefined) return location;
    return problem.line === undefined ? `${file}: ${location}` : `${file}:${problem.line}: ${location}`;
  };
  return problems.map((problem) => `${where(problem)}: ${problem.message}`).join('\n');
}
