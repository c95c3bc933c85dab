// SPDX-License-Identifier: GPL-2.0
/*
 * erofs-deny FILE ERRNO: an HSM daemon whose backend is down. It watches
 * FILE (the backing file of an erofs mount) for FAN_PRE_ACCESS, allows each
 * range that is already filled (no hole in it) and denies every other one,
 * with FAN_DENY_ERRNO(ERRNO), or FAN_DENY if ERRNO is 0. It prints "ready"
 * once the mark is in place and "deny OFFSET COUNT" for each denial.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <unistd.h>

#ifndef FAN_PRE_ACCESS
#define FAN_PRE_ACCESS		0x00100000
#endif
#ifndef FAN_EVENT_INFO_TYPE_RANGE
#define FAN_EVENT_INFO_TYPE_RANGE	6
struct fanotify_event_info_range {
	struct fanotify_event_info_header hdr;
	__u32 pad;
	__u64 offset;
	__u64 count;
};
#endif
#ifndef FAN_DENY_ERRNO
#define FAN_DENY_ERRNO(err)	(FAN_DENY | ((__u32)(err) & 0xff) << 24)
#endif

static int filled(int fd, off_t off, off_t len)
{
	off_t size = lseek(fd, 0, SEEK_END), hole;

	if (len == 0 || off + len > size)
		len = size - off;
	if (len <= 0)
		return 1;
	hole = lseek(fd, off, SEEK_HOLE);
	return hole >= off + len;
}

int main(int argc, char **argv)
{
	char buf[4096] __attribute__((aligned(8)));
	int fan, err;

	if (argc != 3) {
		fprintf(stderr, "usage: erofs-deny FILE ERRNO\n");
		return 2;
	}
	err = atoi(argv[2]);
	fan = fanotify_init(FAN_CLASS_PRE_CONTENT | FAN_CLOEXEC, O_RDONLY | O_LARGEFILE);
	if (fan < 0 || fanotify_mark(fan, FAN_MARK_ADD, FAN_PRE_ACCESS, AT_FDCWD, argv[1])) {
		perror("fanotify");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t len = read(fan, buf, sizeof(buf));
		struct fanotify_event_metadata *m = (void *)buf;

		if (len <= 0) {
			if (len < 0 && errno == EINTR)
				continue;
			perror("read");
			return 1;
		}
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			struct fanotify_response r = { .fd = m->fd, .response = FAN_ALLOW };
			char *p = (char *)m + m->metadata_len, *end = (char *)m + m->event_len;
			__u64 off = 0, count = 0;

			while (p + sizeof(struct fanotify_event_info_header) <= end) {
				struct fanotify_event_info_header *h = (void *)p;

				if (h->len < sizeof(*h))
					break;
				if (h->info_type == FAN_EVENT_INFO_TYPE_RANGE) {
					struct fanotify_event_info_range *rg = (void *)p;

					off = rg->offset;
					count = rg->count;
				}
				p += h->len;
			}
			if (!filled(m->fd, off, count)) {
				r.response = err ? FAN_DENY_ERRNO(err) : FAN_DENY;
				printf("deny %llu %llu\n", (unsigned long long)off,
				       (unsigned long long)count);
				fflush(stdout);
			}
			if (write(fan, &r, sizeof(r)) != sizeof(r))
				perror("write");
			close(m->fd);
		}
	}
}
