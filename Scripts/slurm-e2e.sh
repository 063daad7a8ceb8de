#!/usr/bin/env bash
# End-to-end check of the Slurm recipe on this machine: installs Slurm and munge from Debian's
# packages, starts a one-node cluster on localhost (its own config, spool and logs in a temporary
# folder), submits Scripts/slurm-array.sh as a 3-task array over Clips/*.mp4 and a 120-frame
# excerpt of Samples/vtest.avi, waits for it and the merge job, and checks that the merged
# per-video outputs are byte-identical to one local `trackline batch` run and that the merged
# summary lists the same inputs, statuses, frames and tracks. Stops the daemons it started.
#
# Usage: Scripts/slurm-e2e.sh   (as root on Debian/Ubuntu; skips politely otherwise)
#   TRACKLINE=path/to/trackline   the binary (default: .build/release/trackline, else the debug build)
#   BATCH_FLAGS="..."             job flags (default: --detector motion --tracker bytetrack)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "slurm-e2e: skipped (needs root and apt-get to install slurm-wlm and munge)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
need=()
for p in slurm-wlm munge ffmpeg; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [[ ${#need[@]} -gt 0 ]]; then
    echo "slurm-e2e: installing ${need[*]}" >&2
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ -z "${TRACKLINE:-}" ]]; then
    if [[ -x .build/release/trackline ]]; then TRACKLINE=$repo/.build/release/trackline; else
        swift build --product trackline >&2
        TRACKLINE=$(swift build --show-bin-path)/trackline
    fi
fi
export TRACKLINE
[[ -f Samples/vtest.avi ]] || Scripts/fetch-sample.sh
read -r -a flags <<< "${BATCH_FLAGS:---detector motion --tracker bytetrack}"

work=$(mktemp -d /tmp/trackline-slurm.XXXXXX)
pids=()
cleanup() {
    scancel --quiet --name=trackline 2>/dev/null || true
    scancel --quiet --name=trackline-merge 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# munge: a key, and the daemon unless one runs already.
if ! munge -n >/dev/null 2>&1; then
    [[ -s /etc/munge/munge.key ]] || { mungekey --create --force 2>/dev/null || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none; }
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge && chown munge:munge /run/munge
    runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
    [[ -f /run/munge/munged.pid ]] && pids+=("$(cat /run/munge/munged.pid)")
fi
munge -n | unmunge >/dev/null

# A one-node cluster on localhost.
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p "$work"/{state,spool,log,out}
cat > "$work/slurm.conf" <<CONF
ClusterName=trackline-e2e
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=e2e Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
for _ in $(seq 50); do [[ -s $work/slurmctld.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 50); do [[ -s $work/slurmd.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -qE '^idle' && break; sleep 0.2; done
sinfo

# The inputs: the three clips and a 120-frame excerpt of vtest.avi, in a manifest.
ffmpeg -nostdin -v error -y -i Samples/vtest.avi -frames:v 120 -c copy "$work/vtest-excerpt.avi"
{ for c in "$repo"/Clips/*.mp4; do echo "$c"; done; echo "$work/vtest-excerpt.avi"; } > "$work/videos.txt"
cat "$work/videos.txt"

# One local run, then the same batch as a 3-task Slurm array and its merge job.
t0=$(date +%s)
"$TRACKLINE" batch "$work/videos.txt" --out "$work/local" --quiet "${flags[@]}"
t1=$(date +%s)
echo "local batch: $((t1 - t0)) s"
out=$(SBATCH_FLAGS="--cpus-per-task=1" Scripts/slurm-array.sh 3 "$work/out" "$work/videos.txt" -- --quiet "${flags[@]}")
echo "$out"
array=$(echo "$out" | sed -n 's/^array job \([0-9]*\).*/\1/p')
merge=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
for _ in $(seq 1800); do
    state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    [[ "$state" == COMPLETED || "$state" == FAILED || "$state" == CANCELLED || "$state" == TIMEOUT ]] && break
    sleep 1
done
t2=$(date +%s)
echo "slurm array + merge: $((t2 - t1)) s; merge job $state"
sacct >/dev/null 2>&1 || true
for k in 0 1 2; do echo "--- shard $k log"; cat "$work/out/logs/shard-$k.log"; done
echo "--- merge log"; cat "$work/out/logs/merge.log"
[[ "$state" == COMPLETED ]] || { echo "FAIL: merge job $state" >&2; tail -20 "$work/log/slurmctld.log" >&2; exit 1; }

# Byte-identical per-video outputs; the same summary rows up to the timing columns.
status=0
for dir in "$work"/local/*/; do
    name=$(basename "$dir")
    for f in tracks.csv tracks.txt; do
        if cmp -s "$dir/$f" "$work/out/all/$name/$f"; then echo "same  $name/$f"; else echo "DIFF  $name/$f"; status=1; fi
    done
done
if diff <(cut -d, -f1-7 "$work/local/summary.csv") <(cut -d, -f1-7 "$work/out/all/summary.csv"); then
    echo "same  summary.csv (index,input,name,status,frames,duration_s,tracks)"
else
    status=1
fi
cat "$work/out/all/summary.csv"
[[ $status -eq 0 ]] && echo "PASS: 3-task Slurm array + merge = one local batch run ($work)" || echo "FAIL ($work)"
exit $status
