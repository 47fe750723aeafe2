// A directory of reload results, one durable JSON file per reload id, in the
// wire format so that what is stored is exactly what is sent.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as wire from '@hitless/proto';
import { listJsonFiles, readIfExists, removeDurable, writeDurable } from '@hitless/reload';

export class ResultFileStore {
  constructor(private readonly dir: string) {}

  async init(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this;
  }

  private path(reloadId: string): string {
    // Ids are checked against a strict pattern before they get here; basename is a second fence.
    return join(this.dir, `${basename(reloadId)}.json`);
  }

  async put(result: wire.ReloadResult): Promise<void> {
    await writeDurable(this.path(result.reloadId), JSON.stringify(wire.ReloadResult.toJSON(result)));
  }

  async get(reloadId: string): Promise<wire.ReloadResult | undefined> {
    const text = await readIfExists(this.path(reloadId));
    return text === undefined ? undefined : wire.ReloadResult.fromJSON(JSON.parse(text));
  }

  async remove(reloadId: string): Promise<void> {
    await removeDurable(this.path(reloadId));
  }

  async list(): Promise<wire.ReloadResult[]> {
    const files = await listJsonFiles(this.dir);
    const results: wire.ReloadResult[] = [];
    for (const file of files) {
      const text = await readIfExists(file);
      if (text !== undefined) results.push(wire.ReloadResult.fromJSON(JSON.parse(text)));
    }
    return results;
  }

  async ids(): Promise<string[]> {
    return (await listJsonFiles(this.dir)).map((file) => basename(file, '.json'));
  }
}
