import { ApiError } from '@hitless/api-contract';
import { connectApi } from './api-connection';
import type { CliContext } from './cli-context';
import { CliFailure } from './cli-errors';
import { createConfirmed } from './confirm-rollout';
import { describeFailure } from './describe-failure';
import { EXIT } from './exit-codes';

const WIDE = { error: 'confirmation_required', message: 'x', fields: [{ field: 'spec.confirm', message: 'x' }], confirm: { hosts: 40, firstBatchHosts: 40 } };

// A server that refuses a spec without the right confirm, as the real one does.
function server(targeted = 40) {
  const sent: Record<string, unknown>[] = [];
  const create = async (spec: Record<string, unknown>) => {
    sent.push(spec);
    const confirm = spec.confirm as { hosts: number } | undefined;
    if (confirm === undefined) throw new ApiError(400, WIDE);
    if (confirm.hosts !== targeted) throw new ApiError(400, { ...WIDE, fields: [{ field: 'spec.confirm.hosts', message: `is ${confirm.hosts}, but the target selects ${targeted} host(s) now` }] });
    return 'created';
  };
  return { sent, create };
}

function context(stdin: { isTTY: boolean; answer?: string }) {
  let notes = '';
  const prompts: string[] = [];
  const fakeFetch: typeof fetch = () => Promise.reject(new Error('unused'));
  const ctx: CliContext = {
    api: connectApi({ apiUrl: 'http://test/api/v1', server: 'http://test' }, fakeFetch),
    output: 'text',
    stdout: { write: () => undefined, isTTY: false },
    stderr: { write: (text) => void (notes += text), isTTY: stdin.isTTY },
    stdin: {
      isTTY: stdin.isTTY,
      readLine: (prompt) => {
        prompts.push(prompt);
        return Promise.resolve(stdin.answer);
      },
    },
    now: () => new Date(0),
    newIdempotencyKey: () => 'key-00000001',
    readFile: () => Promise.reject(new Error('no files here')),
    sleep: () => Promise.resolve(),
  };
  return { ctx, notes: () => notes, prompts };
}

async function failure(run: Promise<unknown>): Promise<CliFailure | ApiError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CliFailure || error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const spec = { target: { labels: { env: 'prod' } }, plan: { batchSize: { percent: 100 } } };

describe('createConfirmed', () => {
  it('without a terminal and without a flag, refuses with exit 2 naming the flags, and sends no confirmation', async () => {
    const { ctx, prompts } = context({ isTTY: false });
    const api = server();
    const error = await failure(createConfirmed(ctx, spec, { yes: false }, api.create));
    expect(error).toBeInstanceOf(CliFailure);
    expect(describeFailure(error).exitCode).toBe(EXIT.usage);
    expect(error.message).toMatch(/^not created: the first batch would change 40 of 40 targeted hosts at once, with no canary\. Confirm with --confirm-hosts 40 \(or --yes\)/);
    expect(api.sent).toEqual([spec]);
    expect(prompts).toEqual([]);
  });

  it('on a terminal, shows the count and creates once the operator types it', async () => {
    const { ctx, notes, prompts } = context({ isTTY: true, answer: ' 40 ' });
    const api = server();
    expect(await createConfirmed(ctx, spec, { yes: false }, api.create)).toBe('created');
    expect(notes()).toMatch(/first batch would change 40 of 40 targeted hosts at once, with no canary/);
    expect(prompts).toHaveLength(1);
    expect(api.sent).toEqual([spec, { ...spec, confirm: { hosts: 40 } }]);
  });

  it.each([['yes'], ['39'], [''], [undefined]])('on a terminal, creates nothing when the answer is %p', async (answer) => {
    const { ctx } = context({ isTTY: true, answer });
    const api = server();
    const error = await failure(createConfirmed(ctx, spec, { yes: false }, api.create));
    expect([error.message, describeFailure(error).exitCode]).toEqual(['not confirmed; nothing was created', EXIT.usage]);
    expect(api.sent).toEqual([spec]);
  });

  it('--yes confirms the count the server states, and says so on stderr', async () => {
    const { ctx, notes, prompts } = context({ isTTY: true, answer: 'never asked' });
    const api = server();
    expect(await createConfirmed(ctx, spec, { yes: true }, api.create)).toBe('created');
    expect(api.sent[1]).toEqual({ ...spec, confirm: { hosts: 40 } });
    expect(notes()).toMatch(/^confirmed with --yes: /);
    expect(prompts).toEqual([]);
  });

  it('--confirm-hosts sends the count at once; a wrong one is the server\'s refusal, never a prompt', async () => {
    const right = context({ isTTY: true });
    const api = server();
    expect(await createConfirmed(right.ctx, spec, { yes: false, hosts: 40 }, api.create)).toBe('created');
    expect(api.sent).toEqual([{ ...spec, confirm: { hosts: 40 } }]);

    const wrong = context({ isTTY: true, answer: '40' });
    const other = server();
    const error = await failure(createConfirmed(wrong.ctx, spec, { yes: false, hosts: 30 }, other.create));
    expect(error).toBeInstanceOf(ApiError);
    expect(describeFailure(error).message).toMatch(/spec\.confirm\.hosts: is 30, but the target selects 40 host\(s\) now/);
    expect(other.sent).toHaveLength(1);
    expect(wrong.prompts).toEqual([]);
  });

  it('passes any other failure through untouched', async () => {
    const { ctx } = context({ isTTY: true, answer: '40' });
    const conflict = new ApiError(409, { error: 'conflict', message: 'busy' });
    expect(await failure(createConfirmed(ctx, spec, { yes: true }, () => Promise.reject(conflict)))).toBe(conflict);
  });
});
