// Integration tests start real processes and namespaces; give them room.
jest.setTimeout(120_000);
