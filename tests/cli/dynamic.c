/* A dynamically linked i386 program: i386mm must refuse to run it. */
int main(void)
{
	return 0;
}
