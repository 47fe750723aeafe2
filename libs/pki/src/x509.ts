// @peculiar/x509 resolves its algorithms through tsyringe, which needs the
// reflect polyfill loaded first; every module of this lib imports x509 from here.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto);

export { x509 };
export const subtle = webcrypto.subtle;
