#!/usr/bin/env bash
# Tracks a batch of videos on a Slurm cluster as a job array: task K of N runs
#   trackline batch INPUT... --out OUT/shard-K --shard K/N
# and a job that starts after every task (whatever their status) merges the shards into OUT/all.
#
# Usage (from a login node, with trackline on the PATH of the compute nodes or TRACKLINE set):
#   Scripts/slurm-array.sh N OUT INPUT... [-- BATCH_FLAGS...]
#   e.g. Scripts/slurm-array.sh 8 /shared/out /shared/night.txt -- --detector motion --jobs 2
# Extra sbatch options go in SBATCH_FLAGS (e.g. SBATCH_FLAGS="--partition=cpu --cpus-per-task=2").
# Prints the two job ids. Inputs and OUT must be on a file system every node sees.
set -euo pipefail
if [[ "${1:-}" == "--task" ]]; then
    # Inside one array task: Slurm sets SLURM_ARRAY_TASK_ID (0-based here) and SLURM_ARRAY_TASK_COUNT.
    shift
    out=$1; shift
    # Exit status 2 means some videos failed (listed in the shard's summary): the task itself did its job.
    "${TRACKLINE:-trackline}" batch "$@" --out "$out/shard-$SLURM_ARRAY_TASK_ID" \
        --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" || [[ $? -eq 2 ]]
    exit 0
fi
if [[ "${1:-}" == "--merge" ]]; then
    shift
    out=$1; n=$2
    shards=()
    for ((k = 0; k < n; k++)); do shards+=("$out/shard-$k"); done
    "${TRACKLINE:-trackline}" batch --merge "${shards[@]}" --out "$out/all" || [[ $? -eq 2 ]]
    exit 0
fi
[[ $# -ge 3 ]] || { sed -n '2,12p' "$0" >&2; exit 64; }
n=$1; out=$2; shift 2
inputs=(); flags=()
while [[ $# -gt 0 && "$1" != "--" ]]; do inputs+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && { shift; flags=("$@"); }
script=$(readlink -f "$0")
mkdir -p "$out/logs"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_FLAGS:-} --job-name=trackline --array="0-$((n - 1))" \
    --output="$out/logs/shard-%a.log" --export=ALL "$script" --task "$out" "${inputs[@]}" "${flags[@]}")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_FLAGS:-} --job-name=trackline-merge --dependency="afterany:${array%%;*}" \
    --output="$out/logs/merge.log" --export=ALL "$script" --merge "$out" "$n")
echo "array job $array, merge job $merge: results in $out/all/summary.csv"
