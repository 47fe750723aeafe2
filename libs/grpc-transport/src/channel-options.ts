// Limits every Hitless gRPC endpoint sets: message size caps in both directions
// and keepalives that notice a dead peer.
import type { ChannelOptions } from '@grpc/grpc-js';

/** 1 MiB: a reload result with its summary is a few KiB; anything near this is an attack or a bug. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export function channelOptions(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, serverName?: string): ChannelOptions {
  const options: ChannelOptions = {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    // Channelz keeps per-call traces and counters for a debugging service we do not serve;
    // at a thousand agents its bookkeeping showed up in the server's CPU profile.
    'grpc.enable_channelz': 0,
  };
  // Peers are dialled by address, but certificates name hosts.
  if (serverName) options['grpc.ssl_target_name_override'] = serverName;
  return options;
}
