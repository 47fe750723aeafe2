import { fixture } from './fixtures';
import { parseMasterReloadAnswer } from './master-reload-answer';

describe('parseMasterReloadAnswer', () => {
  it('2.6.12 answers nothing: the result is only visible later in show proc', () => {
    expect(parseMasterReloadAnswer(fixture('reload.2.6.12.txt'))).toEqual({ kind: 'asynchronous' });
    expect(parseMasterReloadAnswer('\n')).toEqual({ kind: 'asynchronous' });
  });

  it('2.7+ success with startup log', () => {
    const outcome = parseMasterReloadAnswer(fixture('reload.3.0-success.txt'));
    expect(outcome).toEqual({ kind: 'completed', success: true, startupLog: expect.stringContaining('path to executable') });
  });

  it('2.7+ success without log', () => {
    expect(parseMasterReloadAnswer(fixture('reload.2.7-no-log.txt'))).toEqual({ kind: 'completed', success: true, startupLog: '' });
  });

  it('2.7+ failure keeps the alerts', () => {
    const outcome = parseMasterReloadAnswer(fixture('reload.3.0-failure.txt'));
    expect(outcome).toEqual({ kind: 'completed', success: false, startupLog: expect.stringContaining("unknown keyword 'garbage'") });
    expect(parseMasterReloadAnswer(fixture('reload.3.1-in-progress.txt'))).toEqual({
      kind: 'completed',
      success: false,
      startupLog: 'Another reload is still in progress.',
    });
  });

  it('rejects anything else', () => {
    expect(() => parseMasterReloadAnswer('Permission denied\n')).toThrow(/unexpected/);
  });
});
