// What a refused gRPC call looked like to the caller.
import type { ServiceError } from '@grpc/grpc-js';

export async function grpcRefusal(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await call;
  } catch (error) {
    const { code, details } = error as ServiceError;
    return { code, details };
  }
  throw new Error('the call was expected to be refused, but it succeeded');
}
