# Sourced by tools/check, tools/demo and tools/bench: installs the Debian
# packages the build needs if any is missing. Nothing else is ever fetched.
I386MM_DEBS="cmake make gcc pkg-config libunicorn-dev libelf-dev libcmocka-dev
zlib1g-dev libbsd-dev gcc-multilib valgrind gnuplot-nox"
# Only for the fuzz targets (tools/fuzz, the fuzz step of tools/check):
# clang and its libFuzzer runtime (libclang_rt.fuzzer, Debian 12's
# libclang-rt-14-dev). The gcc builds never need them.
I386MM_FUZZ_DEBS="clang libclang-rt-14-dev"

install_debs() {
	local missing=() p
	for p in $I386MM_DEBS "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing Debian packages: ${missing[*]}" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# configure_build DIR [cmake args...]
configure_build() {
	local dir=$1; shift
	cmake -S . -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j"$(nproc)"
}
