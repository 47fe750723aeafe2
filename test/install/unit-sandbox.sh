#!/usr/bin/env bash
# Runs a command inside a Debian root under the restrictions that a systemd unit
# installed in that root puts on its service, for machines where systemd is not
# PID 1 (systemd-run cannot apply them there). Read from the unit file itself:
#   User=, Group=                       -> setpriv --reuid/--regid --init-groups
#   CapabilityBoundingSet=              -> setpriv --bounding-set, no inheritable or ambient capabilities
#                                          (without CAP_SYS_ADMIN no namespace but a user namespace
#                                          can be made, and no mount, so a probe needing either fails)
#   NoNewPrivileges=yes                 -> setpriv --no-new-privs
#   ProtectSystem=strict                -> the whole root read-only, except /proc, /sys and /dev
#   ReadWritePaths=, StateDirectory=    -> bind-mounted writable again (the state dir created first)
#   PrivateTmp=yes                      -> fresh tmpfs on /tmp and /var/tmp
#   UMask=                              -> umask
# Not reproduced: the seccomp filters (RestrictNamespaces=, SystemCallFilter=,
# RestrictAddressFamilies=, SystemCallArchitectures=, LockPersonality=, RestrictRealtime=,
# RestrictSUIDSGID=) and PrivateDevices=/Protect{KernelModules,ControlGroups,Clock,Hostname}=.
#
# usage: unshare --mount --propagation private unit-sandbox.sh ROOT UNIT_PATH -- COMMAND [ARG...]
# (UNIT_PATH inside ROOT, e.g. /usr/lib/systemd/system/hitless-agent.service)
set -euo pipefail
root=$1
unit=$2
shift 2
[[ ${1:-} == -- ]] && shift

setting() { sed -n "s/^$1=//p" "$root$unit" | tail -n 1; }

setpriv_args=(--inh-caps=-all --ambient-caps=-all)
bounding=-all
for cap in $(setting CapabilityBoundingSet); do
  cap=${cap#CAP_}
  bounding+=",+${cap,,}"
done
setpriv_args+=("--bounding-set=$bounding")
[[ $(setting NoNewPrivileges) == yes ]] && setpriv_args+=(--no-new-privs)

user=$(setting User)
group=$(setting Group)
if [[ -n $user && $user != root ]]; then
  setpriv_args+=("--reuid=$user" "--regid=${group:-$user}" --init-groups)
fi

writable=()
for path in $(setting ReadWritePaths); do writable+=("$path"); done
state=$(setting StateDirectory)
if [[ -n $state ]]; then
  mkdir -p "$root/var/lib/$state"
  chmod "$(setting StateDirectoryMode || true)" "$root/var/lib/$state" 2>/dev/null || chmod 0755 "$root/var/lib/$state"
  [[ -n $user && $user != root ]] && chroot "$root" chown "$user:${group:-$user}" "/var/lib/$state"
  writable+=("/var/lib/$state")
fi

if [[ $(setting PrivateTmp) == yes ]]; then
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  mount -t tmpfs -o mode=1777 tmpfs "$root/var/tmp"
fi

if [[ $(setting ProtectSystem) == strict ]]; then
  for path in "${writable[@]}"; do
    [[ -e $root$path ]] && mount --bind "$root$path" "$root$path"
  done
  # Only the root's own mount: /proc, /sys, /dev (and the binds above) stay writable.
  mount -o remount,bind,ro "$root"
fi

umask_value=$(setting UMask)
[[ -n $umask_value ]] && umask "$umask_value"
exec chroot "$root" setpriv "${setpriv_args[@]}" -- "$@"
