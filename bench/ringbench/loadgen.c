/* Calls getppid() N times as fast as it can, after an optional start delay in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long delay_ms = argc > 2 ? atol(argv[2]) : 0;
    usleep(delay_ms * 1000);
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    return 0;
}
