// Who holds an inbox lease: this process, named so an operator can tell replicas apart in the table.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const processOwner = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
