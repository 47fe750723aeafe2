import { checkImplementation } from './guarded-service';

describe('checkImplementation', () => {
  const definition = { enroll: {}, heartbeat: {} };

  it('accepts exactly one handler per method', () => {
    const implementation = { enroll: () => undefined, heartbeat: () => undefined };
    expect(checkImplementation(definition, implementation)).toBe(implementation);
  });

  it('refuses a method without a handler, and a handler without a method', () => {
    expect(() => checkImplementation(definition, { enroll: () => undefined })).toThrow("method 'heartbeat' has no handler");
    expect(() => checkImplementation(definition, { enroll: () => undefined, heartbeat: () => undefined, hearbeat: () => undefined })).toThrow(
      "handler 'hearbeat' has no method",
    );
  });
});
