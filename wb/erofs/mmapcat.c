// SPDX-License-Identifier: GPL-2.0
/* mmapcat FILE: write FILE to stdout from a shared read-only mapping, so
 * that its content is read by page faults, not read(2). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct stat st;
	char *p;
	off_t done = 0;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: mmapcat FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[1]);
		return 1;
	}
	if (!st.st_size)
		return 0;
	p = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	while (done < st.st_size) {
		ssize_t n = write(1, p + done, st.st_size - done);

		if (n <= 0) {
			perror("write");
			return 1;
		}
		done += n;
	}
	return 0;
}
