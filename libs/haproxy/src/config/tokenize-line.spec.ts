import { tokenizeLine } from './tokenize-line';

const values = (text: string) => tokenizeLine(text).words.map((w) => w.value);

describe('tokenizeLine', () => {
  it('splits on spaces and tabs and records raw positions', () => {
    const { words, commentStart } = tokenizeLine('\tbalance   roundrobin  # keep');
    expect(words.map((w) => [w.value, w.start, w.end])).toEqual([
      ['balance', 1, 8],
      ['roundrobin', 11, 21],
    ]);
    expect(commentStart).toBe(23);
  });

  it('ends the line at an unquoted # even inside a word', () => {
    expect(values('balance roundrobin#x')).toEqual(['balance', 'roundrobin']);
    expect(tokenizeLine('balance roundrobin#x').commentStart).toBe(18);
  });

  it('honours quotes and escapes', () => {
    expect(values(`log "a b" 'c#d' e\\ f g\\#h "i\\"j" \\x41`)).toEqual(['log', 'a b', 'c#d', 'e f', 'g#h', 'i"j', 'A']);
  });

  it('ignores a trailing carriage return', () => {
    expect(values('mode http\r')).toEqual(['mode', 'http']);
  });

  it('gives no words for blank and comment lines', () => {
    expect(tokenizeLine('   ').words).toEqual([]);
    expect(tokenizeLine('  # only').commentStart).toBe(2);
  });
});
