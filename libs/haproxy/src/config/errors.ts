/**
 * The caller asked for something we will not do: an unknown backend, a weight
 * out of range, an argument that could smuggle text into the config. `field`
 * names the offending input so an API or CLI can point at it.
 */
export class InvalidChangeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidChangeError';
  }
}

/**
 * The text cannot be an HAProxy configuration at all. Kept for the few cases
 * HAProxy itself refuses outright; everything else is tolerated and preserved.
 */
export class ConfigSyntaxError extends Error {
  constructor(
    readonly lineNumber: number,
    message: string,
  ) {
    super(`line ${lineNumber}: ${message}`);
    this.name = 'ConfigSyntaxError';
  }
}
