#!/usr/bin/env python3
"""make_seeds.py - writes the hand-made seeds of corpus/mmu, corpus/syscall
and corpus/swap_header in each target's input encoding (see the comment at
the top of fuzz_TARGET.c). Run from anywhere; rewrites only these files.
The ELF seeds are real static i386 programs (see README)."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# ---- swap_header: u16 pages, then the file's bytes
def swap_hdr(last, bad=(), label=b'', magic=b'SWAPSPACE2', version=1):
    b = bytearray(4096)
    struct.pack_into('<III', b, 1024, version, last, len(bad))
    b[1036:1052] = bytes(range(16))
    b[1052:1052 + len(label)] = label
    for i, x in enumerate(bad):
        struct.pack_into('<I', b, 1536 + 4 * i, x)
    b[4086:4096] = magic
    return bytes(b)


def swap_seeds():
    w = lambda name, pages, body: write('swap_header', name,
                                        struct.pack('<H', pages) + body)
    w('mkswap_16pages', 16, swap_hdr(15))
    w('label_bad_pages', 40, swap_hdr(39, bad=(3, 7, 39), label=b'fuzzswap'))
    w('min_10pages', 10, swap_hdr(9))
    w('last_page_past_end', 12, swap_hdr(12))
    w('old_style', 16, swap_hdr(15, magic=b'SWAP-SPACE'))
    w('version_2', 16, swap_hdr(15, version=2))
    w('bad_page_zero', 16, swap_hdr(15, bad=(0,)))
    w('short', 0, swap_hdr(15)[:2000])
    b = bytearray(8192)
    b[8182:8192] = b'SWAPSPACE2'
    w('pagesize_8k', 4, bytes(b))


# ---- mmu: opcode byte, operands
def mmap(prot, first, n): return bytes([0, prot]) + struct.pack('<HB', first, n - 1)
def munmap(first, n): return bytes([1]) + struct.pack('<HB', first, n - 1)
def mprotect(prot, first, n): return bytes([2, prot]) + struct.pack('<HB', first, n - 1)
def rd(p, off=0): return bytes([3]) + struct.pack('<HH', p, off)
def wr(p, v, off=0): return bytes([5]) + struct.pack('<HHB', p, off, v)
FORK = bytes([7])
def sw(i): return bytes([8, i])
DESTROY = bytes([9])
def reclaim(n): return bytes([10, n - 1])
def invl(p): return bytes([11]) + struct.pack('<H', p)


def mmu_seeds():
    s = {
        'map_write_read': mmap(3, 10, 8) + wr(10, 7) + wr(17, 9, 4095) +
        rd(10) + rd(17, 100) + rd(11) + rd(18),
        'fork_cow': mmap(3, 0, 16) + b''.join(wr(i, i + 1) for i in range(16))
        + FORK + wr(3, 99) + sw(1) + rd(3) + wr(4, 55) + sw(0) + rd(4) + rd(3),
        'mprotect_ro_write': mmap(3, 100, 4) + wr(101, 5) +
        mprotect(1, 100, 4) + wr(101, 6) + rd(101) + mprotect(3, 100, 2) +
        wr(101, 8) + rd(101),
        'mprotect_hole': mmap(3, 200, 2) + mmap(3, 203, 2) +
        mprotect(1, 200, 5) + wr(200, 1) + wr(204, 1),
        'munmap_split': mmap(3, 300, 16) + wr(305, 3) + munmap(304, 2) +
        rd(305) + rd(306) + wr(303, 4) + rd(303),
        'reclaim_swap': b''.join(mmap(3, i, 64) for i in range(0, 256, 64)) +
        b''.join(wr(i, (i * 7) % 256) for i in range(0, 250, 3)) +
        reclaim(128) + reclaim(128) +
        b''.join(rd(i) for i in range(0, 250, 3)),
        'fork_reclaim_destroy': mmap(3, 50, 64) +
        b''.join(wr(50 + i, i) for i in range(64)) + FORK + FORK +
        reclaim(100) + sw(2) + rd(60) + wr(61, 1) + DESTROY + sw(0) +
        rd(61) + invl(61) + rd(61),
        'prot_none_exec': mmap(0, 400, 2) + rd(400) + wr(400, 1) +
        mmap(4, 402, 1) + rd(402) + wr(402, 1),
        # prot | 8: MAP_SHARED
        'shared_fork_reclaim': mmap(8 | 3, 20, 8) + wr(20, 5) + FORK +
        sw(1) + rd(20) + wr(21, 6) + sw(0) + rd(21) + mmap(3, 40, 8) +
        reclaim(128) + rd(20) + rd(21) + sw(1) + DESTROY + sw(0) + rd(21) +
        mprotect(1, 20, 8) + wr(20, 1) + rd(20),
    }
    for k, v in s.items():
        write('mmu', k, v)


# ---- syscall: see fuzz_syscall.c (paths[] are its path slots)
PATHS = ["/", ".", "..", "/file", "/dir", "/dir/inner", "/link", "/dev/null",
         "/dev/zero", "/dev/tty", "/dev/shm", "/dev/shm/f", "/proc/self/maps",
         "/proc/self/status", "/proc/meminfo", "/escape", "/../outside.txt",
         "/tmp/t", "new", "/dir/new", "/nonexistent"]
def small(v): return bytes([0, v & 0xff])
def data(off): return bytes([1]) + struct.pack('<H', off)
def ro(off=0): return bytes([2]) + struct.pack('<H', off)
def none(): return bytes([3, 0])
def kern(): return bytes([4, 0, 0])
def path(name): return bytes([6, PATHS.index(name)])
def u16(v): return bytes([7]) + struct.pack('<H', v)
def u32(v): return bytes([9]) + struct.pack('<I', v)
def call(nr, *args):
    args = list(args) + [small(0)] * (6 - len(args))
    return bytes([32]) + struct.pack('<H', nr) + b''.join(args)
def poke(off, b): return bytes([0]) + struct.pack('<HB', off, len(b) - 1) + b
def esp(a): return bytes([24]) + a


def syscall_seeds():
    B = 2048
    s = {
        'open_read_stat_close': call(5, path('/file'), small(0), small(0)) +
        call(3, small(0), data(B), u16(100)) +
        call(19, small(0), small(2), small(0)) +
        call(197, small(0), data(3000)) + call(6, small(0)),
        'mmap_munmap_mprotect': call(192, small(0), u16(8192), small(3),
                                     small(0x22), small(-1), small(0)) +
        call(90, data(B)) + call(125, u32(0x10000000), u16(4096), small(1)) +
        call(91, u32(0x10001000), u16(4096)),
        'brk': call(45, small(0)) + call(45, u32(0x08210000)) +
        call(45, u32(0x08201000)) + call(45, u32(0xc0000000)),
        'shm_file_mmap_shared': call(5, path('/dev/shm/f'), u16(0o102),
                                     u16(0o644)) +
        call(4, small(0), data(0), u16(64)) + call(93, small(0), u16(8192)) +
        call(192, small(0), u16(8192), small(3), small(1), small(0),
             small(0)) + call(144, u32(0x40000000), u16(8192), small(4)),
        'pipe_write_read': call(42, data(B)) +
        call(4, small(1), data(0), u16(10)) +
        call(3, small(0), data(B + 100), u16(10)) +
        call(3, small(0), data(B + 100), u16(10)),
        'signal_handler_kill': poke(B, struct.pack('<IIII', 0x08048000, 0, 0,
                                                   0)) +
        call(174, small(10), data(B), small(0), small(8)) +
        call(37, small(0), small(10)) + call(173),
        'dirs_and_proc': call(220, small(0), data(B), u16(1024)) +
        call(5, path('/'), u32(0o200000), small(0)) +
        call(220, small(0), data(B), u16(1024)) +
        call(85, path('/link'), data(B), u16(100)) +
        call(195, path('/proc/self/maps'), data(B)) +
        call(5, path('/proc/self/maps'), small(0), small(0)) +
        call(3, small(1), data(B), u16(2000)) + call(183, data(B), u16(100)) +
        call(12, path('/dir')),
        'misc_time_random': call(122, data(B)) + call(265, small(1), data(B)) +
        call(355, data(B), u16(64), small(0)) +
        call(162, data(0x1000), small(0)) +
        call(168, data(B), small(1), small(0)) + call(13, data(B)) +
        call(76, small(3), data(B)),
        'bad_pointers': call(4, small(1), none(), u16(10)) +
        call(5, kern(), small(0), small(0)) +
        call(5, ro(0), small(0), small(0)) + call(122, ro(0)) +
        call(122, kern()) + esp(u32(0xc0000000)) +
        call(37, small(0), small(10)),
        'exit_group': call(60, small(0o77)) + call(252, small(3)),
    }
    # the first byte: 0 read-only root, 1 --root-rw
    for k, v in s.items():
        write('syscall', k, b'\0' + v)
    rw = {
        'rw_create_write_rename': call(5, path('new'), u16(0o101), u16(0o644)) +
        call(4, small(0), data(0), u16(100)) + call(118, small(0)) +
        call(38, path('new'), path('/dir/new')) + call(10, path('/file')) +
        call(39, path('/tmp/t'), u16(0o755)) + call(40, path('/dir')) +
        call(92, path('/dir/new'), u16(10)),
        'rw_escape_attempts': call(5, path('/escape'), small(0o1), small(0)) +
        call(5, path('/../outside.txt'), u16(0o1101), u16(0o644)) +
        call(83, path('/escape'), path('/dir/new')) +
        call(9, path('/escape'), path('new')) +
        call(38, path('/escape'), path('new')) +
        call(15, path('/escape'), u16(0o777)),
        'rw_mmap_shared_file': call(5, path('/file'), small(2), small(0)) +
        call(192, small(0), u16(4096), small(3), small(1), small(0),
             small(0)) + call(144, u32(0x40000000), u16(4096), small(4)),
    }
    for k, v in rw.items():
        write('syscall', k, b'\1' + v)


if __name__ == '__main__':
    swap_seeds()
    mmu_seeds()
    syscall_seeds()
