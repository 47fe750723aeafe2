// Backend and server names end up inside a CLI line; restricting them to the
// characters HAProxy itself allows in proxy and server names keeps spaces,
// '/', ';' and newlines (which would change the command's meaning) out.
const NAME = /^[A-Za-z0-9_.:-]+$/;

export function isValidObjectName(name: string): boolean {
  return NAME.test(name);
}

/** Why a backend or server name cannot be used, or undefined when it can. */
export function objectNameProblem(kind: 'backend' | 'server', name: string): string | undefined {
  return isValidObjectName(name) ? undefined : `invalid ${kind} name ${JSON.stringify(name)}: only letters, digits and _ . : - are allowed`;
}
