// A directory of reload results, one durable JSON file per reload id, in the
// wire format so that what is stored is exactly what is sent.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ReloadResult } from '@hitless/proto';
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

  async put(result: ReloadResult): Promise<void> {
    await writeDurable(this.path(result.reloadId), JSON.stringify(ReloadResult.toJSON(result)));
  }

  async get(reloadId: string): Promise<ReloadResult | undefined> {
    const text = await readIfExists(this.path(reloadId));
    return text === undefined ? undefined : ReloadResult.fromJSON(JSON.parse(text));
  }

  async remove(reloadId: string): Promise<void> {
    await removeDurable(this.path(reloadId));
  }

  async list(): Promise<ReloadResult[]> {
    const files = await listJsonFiles(this.dir);
    const results: ReloadResult[] = [];
    for (const file of files) {
      const text = await readIfExists(file);
      if (text !== undefined) results.push(ReloadResult.fromJSON(JSON.parse(text)));
    }
    return results;
  }

  async ids(): Promise<string[]> {
    return (await listJsonFiles(this.dir)).map((file) => basename(file, '.json'));
  }
}
