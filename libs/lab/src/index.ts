// Test lab: load-balancer hosts as network namespaces with their own addresses,
// and real HAProxy instances inside them. Used by tests, the demo and benchmarks.
export { addressesForSlot } from './addresses';
export type { VethAddresses } from './addresses';
export { createLabHost, sweepStaleLabHosts } from './lab-host';
export type { LabHost } from './lab-host';
export { HAPROXY_BINARY, loadBalancerConfig, startLabBackends, startLabHaproxy } from './lab-haproxy';
export type { LabHaproxy, LabHaproxyMode, LoadBalancerConfigOptions, StartLabHaproxyOptions } from './lab-haproxy';
export { LAB_BACKEND_PORTS, LAB_FRONTEND_PORT, openLabLoadBalancer } from './lab-load-balancer';
export type { LabLoadBalancer, OpenLabLoadBalancerOptions } from './lab-load-balancer';
