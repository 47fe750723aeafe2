import { addressesForSlot } from './addresses';

describe('addressesForSlot', () => {
  it('keeps every slot inside 198.18.0.0/15', () => {
    expect(addressesForSlot(0)).toEqual({ outside: '198.18.0.1', inside: '198.18.0.2', prefixLength: 30 });
    expect(addressesForSlot(64)).toEqual({ outside: '198.18.1.1', inside: '198.18.1.2', prefixLength: 30 });
    expect(addressesForSlot(32767)).toEqual({ outside: '198.19.255.253', inside: '198.19.255.254', prefixLength: 30 });
    expect(() => addressesForSlot(32768)).toThrow(RangeError);
  });
});
