#!/bin/sh
# run_swap_ioerr.sh EMULATOR GUEST WORK_DIR - a swap file truncated while
# in use, for ctest.
#
# `GUEST swapfail 16` (guests/hostile_mem.c) runs under i386mm in 8 MiB
# with a 16 MiB swap file in WORK_DIR, its root, and a FIFO as stdin. It
# fills 16 MiB, so much of it is in the swap file, says so on stdout and
# reads a byte from stdin. This script waits for that line, truncates the
# swap file to its header page, writes the byte, and waits for the
# emulator. The order is fixed by the line and the byte, not by timing,
# so the run is deterministic: every slot the guest reads back is gone,
# and the first swap-in must fail with an I/O error: SIGBUS
# (do_swap_page). Checked: the output, the emulator's exit status 135
# (128 + SIGBUS: it survived and reported the guest's death), and in the
# stats JSON nothing lost (every frame and slot back) and pswpout > 0.
set -u
emu=$1 guest=$2 work=$3
problems=""
problem() { problems="$problems
  $1"; }

rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
mkfifo in.fifo || exit 1
"$emu" run --stats-json stats.json --mem 8M --swap swap0:16M \
	"$guest" swapfail 16 <in.fifo >out.txt 2>err.txt &
pid=$!
exec 3>in.fifo		# the emulator's open of its stdin returns now
waited=0
while ! grep -q "written" out.txt; do
	if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 1200 ]; then
		kill "$pid" 2>/dev/null
		echo "run_swap_ioerr: the guest never filled its memory"
		cat out.txt err.txt
		exit 1
	fi
	sleep 0.1
	waited=$((waited + 1))
done
truncate -s 4096 swap0 || problem "cannot truncate swap0"
echo >&3
exec 3>&-
wait "$pid"
status=$?

expected="swapfail: 16 MiB written"
[ "$status" -eq 135 ] || problem "exit status $status, expected 135"
[ "$(cat out.txt)" = "$expected" ] ||
	problem "stdout:
$(cat out.txt)
-- expected:
$expected"
json() { sed -n "s/.*\"$1\": *\([0-9-]*\).*/\1/p" stats.json; }
boot=$(json free_pages_boot) exit_free=$(json free_pages_exit)
[ -n "$boot" ] && [ "$boot" = "$exit_free" ] ||
	problem "free_pages_exit $exit_free, free_pages_boot $boot"
[ "$(json swap_used_exit)" = 0 ] ||
	problem "swap_used_exit $(json swap_used_exit), expected 0"
[ "$(json pswpout)" -gt 0 ] 2>/dev/null || problem "pswpout is not > 0"
cat err.txt
if [ -n "$problems" ]; then
	echo "run_swap_ioerr: failed:$problems"
	exit 1
fi
rm -f swap0 in.fifo
echo "run_swap_ioerr: ok"
