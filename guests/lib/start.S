/*
 * start.S - entry point of the guests built -nostdlib: the kernel jumps
 * here with argc, argv[], NULL, envp[], NULL, auxv on the stack (i386 ELF
 * ABI). We call main(argc, argv) and hand its return value to exit(2).
 * Nothing else runs before main, so these guests fault, map and print
 * exactly what their source says: no TLS setup, no brk, no stdio buffer.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* outermost frame, for debuggers */
	movl	(%esp), %eax		/* argc */
	leal	4(%esp), %edx		/* argv */
	andl	$-16, %esp		/* %esp % 16 == 0 at the call (ABI) */
	subl	$8, %esp
	pushl	%edx
	pushl	%eax
	call	main
	movl	%eax, %ebx		/* status */
	movl	$1, %eax		/* __NR_exit */
	int	$0x80
	hlt				/* not reached */
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
