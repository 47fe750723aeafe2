// A domain name <-> wire enum table, used both ways. A number this version does
// not know (UNSPECIFIED, or a newer peer's value) maps to undefined: the caller
// decides whether that is an error.
export interface EnumMapping<D extends string, W extends number> {
  toWire(value: D): W;
  fromWire(value: W): D | undefined;
}

export function enumMapping<D extends string, W extends number>(table: Readonly<Record<D, W>>): EnumMapping<D, W> {
  const back = new Map<number, D>((Object.entries(table) as [D, W][]).map(([name, value]) => [value, name]));
  return { toWire: (value) => table[value], fromWire: (value) => back.get(value) };
}
