import { stepReloadId } from './step-reload-id';

describe('step reload ids', () => {
  it('derives one short, valid reload id per rollout, host, attempt and kind', () => {
    const id = stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'change');
    expect(id).toMatch(/^rs-[0-9a-f]{32}-a1$/);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'change')).toBe(id);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 2, 'change')).not.toBe(id);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'rollback')).toMatch(/^rb-/);
  });
});
