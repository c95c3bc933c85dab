// SPDX-License-Identifier: GPL-2.0
/*
 * fanotify_bench - what the fanotify pre-content hooks cost, run in the VM
 * as root (wb/guest/bench.sh; the host side is wb/bench.sh).
 *
 * Prints one line per case, "bench: <case> <ns per call>", or
 * "bench: <case> n/a" when the kernel cannot set the case up (pre-content
 * events on a kernel without the series). Lines starting with "#" are
 * notes for humans. Under QEMU -icount shift=0,sleep=off -smp 1 a guest ns
 * is one guest instruction, so the numbers are instruction counts and do
 * not depend on the host's load.
 *
 * The files live on ext4 in $BENCH_DIR (default /mnt/bench) and are in the
 * page cache: nothing in a timed loop touches the disk, whose completion
 * interrupts would arrive at host-dependent times. $BENCH_SCALE multiplies
 * the iteration counts, for quick tries (wb.job=bench BENCH_SCALE=0.1 on the
 * kernel command line: the kernel hands it to init's environment).
 *
 * Cases, for 1 and 4096 bytes at offset 0:
 *   pread_*, pwrite_*          no fanotify group at all
 *   notif_*                    a FAN_CLASS_NOTIF group, FAN_MODIFY inode mark
 *   othersb_*                  a pre-content group watching a file on another
 *                              filesystem ($BENCH_OTHER, default /tmp/other)
 *   ignored_*                  a pre-content filesystem mark on $BENCH_DIR's
 *                              filesystem and an ignore mark on the file (a
 *                              resident file of an HSM)
 *   openperm_*                 a FAN_CLASS_CONTENT group's FAN_OPEN_PERM
 *                              filesystem mark (fapolicyd, antivirus)
 *   ignmntopen_*               ignored_, while another group holds a
 *                              FAN_OPEN_PERM mount mark (fapolicyd's)
 *   ignchurn_*_1               ignored_, with an inotify watch added and
 *                              removed on another file of the filesystem
 *                              before each call (an editor's watches): the
 *                              time of the call alone, read with rdtsc
 *                              around it; the reference,
 *   ignchurnref_*_1            the same with the watch on a file of another
 *                              filesystem ($BENCH_OTHER)
 *   rt_pre_access              a FAN_PRE_ACCESS event per 1-byte pread,
 *                              answered FAN_ALLOW by a daemon thread
 *   rt_access_perm             the same with FAN_ACCESS_PERM
 *   answer_16, answer_4096     one answer (FAN_ALLOW) with 16 or 4096
 *                              FAN_ACCESS_PERM events pending, answered in a
 *                              seeded random order: the cost of finding the
 *                              event and waking its reader
 *   pipe_pingpong              1 byte there and back over two pipes between
 *                              two processes: the cost of two context
 *                              switches, for scale
 *   pipe_write_1, pipe_read_1  1-byte write(2) and read(2) on a pipe, and
 *   sock_write_1, sock_read_1  on a socketpair, in one process: files that
 *   eventfd_write_8,           are not opened through open(2), whose hooks
 *   eventfd_read_8             nobody can watch with permission events
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

/* Not in the uapi headers of a kernel without the series */
#ifndef FAN_PRE_ACCESS
#define FAN_PRE_ACCESS		0x00100000
#endif
#ifndef FAN_PRE_MODIFY
#define FAN_PRE_MODIFY		0x00200000
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

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __aligned(x)	__attribute__((aligned(x)))

#define FILE_SIZE	4096
#define NA		(-2)	/* setup_*(): the kernel cannot do this case */
#define WATCHDOG_S	300	/* a lost permission event would block forever */

static const char *bench_dir;
static const char *other_dir;
static double scale = 1.0;
static char buf[FILE_SIZE] __aligned(4096);

static void die(const char *what)
{
	printf("bench-error: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Iterations of a case: its base count times $BENCH_SCALE, at least 100 */
static long iterations(long n)
{
	n = (long)(n * scale);
	return n < 100 ? 100 : n;
}

static void report(const char *name, long long ns, long n)
{
	printf("bench: %s %.2f\n", name, (double)ns / n);
	printf("# %s: %ld calls in %.3f s\n", name, n, ns / 1e9);
}

/* A file of FILE_SIZE bytes, on disk and in the page cache */
static void make_file(const char *path)
{
	int fd;

	memset(buf, 'x', sizeof(buf));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
		die(path);
	/* Allocate the blocks now: no writeback work left for the timed loops */
	if (fsync(fd) || pread(fd, buf, sizeof(buf), 0) != sizeof(buf))
		die(path);
	close(fd);
}

/*
 * fanotify_mark() that tells "this kernel has no pre-content events" (EINVAL
 * for a mask it does not know) and "this filesystem takes no pre-content
 * marks" (EOPNOTSUPP) from a real failure.
 */
static int mark(int fan, unsigned int flags, __u64 mask, const char *path)
{
	if (!fanotify_mark(fan, FAN_MARK_ADD | flags, mask, AT_FDCWD, path))
		return 0;
	/* Mainline Linux: pre-content events without FAN_PRE_MODIFY */
	if (errno == EINVAL && mask & FAN_PRE_ACCESS && mask & FAN_PRE_MODIFY &&
	    !fanotify_mark(fan, FAN_MARK_ADD | flags, mask & ~FAN_PRE_MODIFY,
			   AT_FDCWD, path))
		return 0;
	if (mask & (FAN_PRE_ACCESS | FAN_PRE_MODIFY)) {
		if (errno == EINVAL)
			return NA;
		if (errno == EOPNOTSUPP) {
			printf("# %s: no pre-content marks there\n", path);
			return NA;
		}
	}
	die("fanotify_mark");
	return -1;
}

static int group(unsigned int class)
{
	int fan = fanotify_init(class | FAN_CLOEXEC, O_RDONLY);

	if (fan < 0)
		die("fanotify_init");
	return fan;
}

/*
 * Each setup_*() returns the group fd that must stay open while the case
 * runs, -1 for none, or NA.
 */
static int setup_plain(const char *path)
{
	return -1;
}

/*
 * Notification events on the file. A pwrite queues FAN_MODIFY; events of
 * one process on one file merge into the queued one, so the queue stays at
 * one event and nobody needs to read it.
 */
static int setup_notif(const char *path)
{
	int fan = group(FAN_CLASS_NOTIF);

	mark(fan, 0, FAN_MODIFY, path);
	return fan;
}

/* Is $BENCH_OTHER on another filesystem than $BENCH_DIR? */
static int other_is_another_fs(void)
{
	struct stat here, there;

	if (stat(bench_dir, &here) || stat(other_dir, &there))
		die(other_dir);
	return here.st_dev != there.st_dev;
}

/*
 * An HSM at work on another filesystem must cost nothing here: whether a
 * file is watched for pre-content events is decided at open time from its
 * own superblock.
 */
static int setup_othersb(const char *path)
{
	char other[PATH_MAX];
	int fan;

	snprintf(other, sizeof(other), "%s/watched", other_dir);
	if (!other_is_another_fs()) {
		printf("# %s is on the filesystem of %s: no othersb cases\n",
		       other_dir, bench_dir);
		return NA;
	}
	make_file(other);
	fan = group(FAN_CLASS_PRE_CONTENT);
	if (mark(fan, 0, FAN_PRE_ACCESS | FAN_PRE_MODIFY, other) == NA) {
		close(fan);
		return NA;
	}
	return fan;
}

/*
 * An HSM watches the whole filesystem and puts an ignore mark on each file
 * it has filled (a resident file). The file is opened after both marks:
 * the kernel decides at open that it raises no pre-content event, and the
 * other hooks skip the events that nothing on the filesystem watches.
 */
static int setup_ignored(const char *path)
{
	int fan = group(FAN_CLASS_PRE_CONTENT);
	__u64 mask = FAN_PRE_ACCESS | FAN_PRE_MODIFY;

	if (mark(fan, FAN_MARK_FILESYSTEM, mask, bench_dir) == NA ||
	    mark(fan, FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY,
		 mask, path) == NA) {
		close(fan);
		return NA;
	}
	return fan;
}

/*
 * The permission round trip: a daemon thread answers every event FAN_ALLOW.
 * It knows how many events to expect, so it needs no stop signal that could
 * race with the last event.
 */
struct daemon {
	int fan;
	int pre_content;	/* check the range record of the first event */
	long events;		/* answer this many, then exit */
};

static void *daemon_main(void *arg)
{
	struct daemon *d = arg;
	char ebuf[4096] __aligned(8);
	struct fanotify_event_metadata *md;
	struct fanotify_event_info_range *range;
	struct fanotify_response resp = { .response = FAN_ALLOW };
	long seen = 0;
	ssize_t len;

	while (seen < d->events) {
		len = read(d->fan, ebuf, sizeof(ebuf));
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			die("daemon: read");
		for (md = (void *)ebuf; FAN_EVENT_OK(md, len);
		     md = FAN_EVENT_NEXT(md, len)) {
			if (md->vers != FANOTIFY_METADATA_VERSION)
				die("daemon: metadata version");
			/* Once: is the event what the series promises? */
			if (d->pre_content && !seen) {
				range = (void *)(md + 1);
				if (md->event_len != sizeof(*md) + sizeof(*range) ||
				    range->hdr.info_type != FAN_EVENT_INFO_TYPE_RANGE ||
				    range->hdr.len != sizeof(*range) ||
				    range->offset != 0 || range->count != FILE_SIZE) {
					errno = EPROTO;
					die("daemon: pre-content event layout");
				}
			}
			resp.fd = md->fd;
			if (write(d->fan, &resp, sizeof(resp)) != sizeof(resp))
				die("daemon: response");
			close(md->fd);
			seen++;
		}
	}
	return NULL;
}

/*
 * fapolicyd and antivirus scanners watch a whole filesystem, or a mount,
 * with FAN_OPEN_PERM: a child answers the one event of the case, the open
 * of its file. A child, not a thread: a process that ever had a second
 * thread pays glibc's cancellation bookkeeping in every pread() and
 * pwrite(), some 50 instructions, which rows compared with those of a
 * single-threaded process must not. The group goes in extra_fan when the
 * case has another.
 */
static pid_t open_daemon = -1;
static int extra_fan = -1;

static int watch_opens(unsigned int flags)
{
	struct daemon d = { .fan = group(FAN_CLASS_CONTENT), .events = 1 };

	mark(d.fan, flags, FAN_OPEN_PERM, bench_dir);
	open_daemon = fork();
	if (open_daemon < 0)
		die("fork");
	if (!open_daemon) {
		daemon_main(&d);
		_exit(0);
	}
	return d.fan;
}

static int setup_openperm(const char *path)
{
	return watch_opens(FAN_MARK_FILESYSTEM);
}

/* The resident file, while another group watches opens on the mount */
static int setup_ignored_mntopen(const char *path)
{
	int fan = setup_ignored(path);

	if (fan == NA)
		return NA;
	extra_fan = watch_opens(FAN_MARK_MOUNT);
	return fan;
}

/*
 * Marks that change elsewhere: before each call of the loop, an inotify
 * watch is added to and removed from churn_path, and the call alone is
 * timed, with rdtsc: one instruction each side under icount, where
 * clock_gettime() would cost more than the difference to measure, and the
 * watch pair's own cost would drown it. The reference is the same loop
 * with the watch on another filesystem, whose marks the resident file's
 * cached answer cannot depend on.
 */
static char churn_path[PATH_MAX];
static int churn_fd = -1;

static int setup_churn(const char *path, const char *dir)
{
	int fan;

	if (!other_is_another_fs())
		return NA;
	/* Before the marks: its write would wait for the HSM's answer */
	snprintf(churn_path, sizeof(churn_path), "%s/churn", dir);
	make_file(churn_path);
	fan = setup_ignored(path);
	if (fan == NA)
		return NA;
	churn_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (churn_fd < 0)
		die("inotify_init1");
	return fan;
}

static int setup_ignored_churn(const char *path)
{
	return setup_churn(path, bench_dir);
}

static int setup_ignored_churn_ref(const char *path)
{
	return setup_churn(path, other_dir);
}

static void churn(void)
{
	char ev[256] __aligned(8);
	int wd = inotify_add_watch(churn_fd, churn_path, IN_MODIFY);

	if (wd < 0 || inotify_rm_watch(churn_fd, wd))
		die("inotify watch");
	/* IN_IGNORED: the queue must not fill up */
	while (read(churn_fd, ev, sizeof(ev)) > 0)
		;
}

static const struct family {
	const char *prefix;
	int (*setup)(const char *path);
	int one_byte;		/* only the 1-byte calls */
} families[] = {
	{ "",		setup_plain },
	{ "notif_",	setup_notif },
	{ "othersb_",	setup_othersb },
	{ "ignored_",	setup_ignored },
	{ "openperm_",	setup_openperm },
	{ "ignmntopen_", setup_ignored_mntopen },
	{ "ignchurn_",	setup_ignored_churn, 1 },
	{ "ignchurnref_", setup_ignored_churn_ref, 1 },
};

/* Iterations for 0.25-0.6 s of guest time per case under icount */
static const struct io {
	const char *name;
	int write;
	size_t len;
	long n;
} ios[] = {
	{ "pread_1",	0, 1,		300000 },
	{ "pread_4k",	0, FILE_SIZE,	100000 },
	{ "pwrite_1",	1, 1,		200000 },
	{ "pwrite_4k",	1, FILE_SIZE,	60000 },
};

static void io_call(int fd, const struct io *io)
{
	ssize_t ret;

	if (io->write)
		ret = pwrite(fd, buf, io->len, 0);
	else
		ret = pread(fd, buf, io->len, 0);
	if (ret != (ssize_t)io->len)
		die(io->name);
}

static int cmp_ull(const void *a, const void *b)
{
	const unsigned long long *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * With churn_fd, returns the TSC ticks of the median call, times @n: the
 * kernel work that the watch pair leaves behind (freeing its connector
 * after a grace period, in a worker) runs in the window of some calls,
 * at times that do not depend on the call; the median is the call's own.
 */
static unsigned long long io_loop(int fd, const struct io *io, long n)
{
	static unsigned long long *ticks;
	unsigned long long t0;
	long i;

	if (churn_fd >= 0 && !ticks) {
		ticks = calloc(n, sizeof(*ticks));
		if (!ticks)
			die("calloc");
	}
	for (i = 0; i < n; i++) {
		if (churn_fd < 0) {
			io_call(fd, io);
			continue;
		}
		churn();
		t0 = __rdtsc();
		io_call(fd, io);
		ticks[i] = __rdtsc() - t0;
	}
	if (churn_fd < 0)
		return 0;
	qsort(ticks, n, sizeof(*ticks), cmp_ull);
	t0 = ticks[n / 2] * n;
	free(ticks);
	ticks = NULL;
	return t0;
}

/* A file per case: no marks or connectors left over from another */
static void case_file(char *path, size_t size, const char *name)
{
	snprintf(path, size, "%s/%s", bench_dir, name);
	make_file(path);
}

/* Opened after the marks: the fsnotify mode of a file is set at open */
static int open_case(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		die(path);
	return fd;
}

/*
 * The cheapest of RUNS runs of a fifth of the calls each, as for the
 * pseudo-files below: a 1-byte pwrite costs some 2500 instructions, and
 * timer or writeback work that lands in one run moved the result of a
 * single long run by up to 0.5%, the size of the targets.
 */
#define RUNS	5

static void run_io(const struct family *fam, const struct io *io)
{
	char name[64], path[PATH_MAX];
	unsigned long long tsc0, ticks;
	long long t0, t, best = -1;
	long n = iterations(io->n) / RUNS;
	int fan, fd, run;

	if (fam->one_byte && io->len != 1)
		return;
	/* A watch pair costs some ten 1-byte calls */
	if (fam->one_byte)
		n /= 5;
	snprintf(name, sizeof(name), "%s%s", fam->prefix, io->name);
	case_file(path, sizeof(path), name);
	fan = fam->setup(path);
	if (fan == NA) {
		printf("bench: %s n/a\n", name);
		return;
	}
	fd = open_case(path);

	alarm(WATCHDOG_S);
	io_loop(fd, io, n / 2);
	for (run = 0; run < RUNS; run++) {
		t0 = now_ns();
		tsc0 = __rdtsc();
		ticks = io_loop(fd, io, n);
		t = now_ns() - t0;
		/* The calls' share of the run, in ns */
		if (churn_fd >= 0)
			t = (long double)t * ticks / (__rdtsc() - tsc0);
		if (best < 0 || t < best)
			best = t;
	}
	report(name, best, n);
	alarm(0);

	close(fd);
	if (fan >= 0)
		close(fan);
	if (extra_fan >= 0) {
		close(extra_fan);
		extra_fan = -1;
	}
	if (open_daemon > 0) {
		waitpid(open_daemon, NULL, 0);
		open_daemon = -1;
	}
	if (churn_fd >= 0) {
		close(churn_fd);
		churn_fd = -1;
		unlink(churn_path);
	}
}

static void run_rt(const char *name, unsigned int class, __u64 mask)
{
	struct daemon d = { .pre_content = !!(mask & FAN_PRE_ACCESS) };
	char path[PATH_MAX];
	pthread_t thread;
	long n = iterations(25000);
	long long t0;
	int fd;

	case_file(path, sizeof(path), name);
	d.fan = group(class);
	if (mark(d.fan, 0, mask, path) == NA) {
		close(d.fan);
		printf("bench: %s n/a\n", name);
		return;
	}
	fd = open_case(path);

	alarm(WATCHDOG_S);
	d.events = n / 10 + n;
	errno = pthread_create(&thread, NULL, daemon_main, &d);
	if (errno)
		die("pthread_create");
	io_loop(fd, &ios[0], n / 10);
	t0 = now_ns();
	io_loop(fd, &ios[0], n);
	report(name, now_ns() - t0, n);
	pthread_join(thread, NULL);
	alarm(0);

	close(fd);
	close(d.fan);
}

/*
 * The cost of an answer with @n permission events pending: @n reader
 * threads each wait in a 1-byte pread for the answer to their
 * FAN_ACCESS_PERM event; the daemon reads all @n events, then answers them
 * FAN_ALLOW in a seeded random order. The time from its first answer until
 * every reader is back from pread, over @n, is the cost of one answer: the
 * search for the event and the wake-up of its reader, both of which grow
 * with @n on the base kernel. The readers live through all the rounds, so
 * that no thread is created or exits in the timed part. On the base kernel
 * each answer wakes every reader still waiting, and on one CPU runs them
 * all: answer_4096 takes a minute of guest time there (7.3M instructions
 * an answer), but less than a second on the patched kernel.
 */
#define ANSWER_SEED	0x5eed0a45u
#define ANSWER_STACK	(64 * 1024)

struct answer {
	int fd;			/* the file, opened after the mark */
	int n;
	int round;		/* the readers wait for it to change */
	int done;		/* readers back from pread in this round */
	int stop;
};

static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static void *answer_reader(void *arg)
{
	struct answer *a = arg;
	int round = 0, r;
	char c;

	for (;;) {
		while ((r = __atomic_load_n(&a->round, __ATOMIC_ACQUIRE)) ==
		       round)
			futex(&a->round, FUTEX_WAIT_PRIVATE, round);
		round = r;
		if (__atomic_load_n(&a->stop, __ATOMIC_ACQUIRE))
			return NULL;
		if (pread(a->fd, &c, 1, 0) != 1)
			die("answer: pread");
		if (__atomic_add_fetch(&a->done, 1, __ATOMIC_ACQ_REL) == a->n)
			futex(&a->done, FUTEX_WAKE_PRIVATE, 1);
	}
}

/* Wake the readers for the next round, or to exit */
static void answer_round(struct answer *a, int stop)
{
	__atomic_store_n(&a->done, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&a->stop, stop, __ATOMIC_RELAXED);
	__atomic_add_fetch(&a->round, 1, __ATOMIC_RELEASE);
	futex(&a->round, FUTEX_WAKE_PRIVATE, INT_MAX);
}

/* Read events until there are @n, their fds in @fds */
static void answer_read(int fan, int *fds, int n)
{
	char ebuf[4096] __aligned(8);
	struct fanotify_event_metadata *md;
	int got = 0;
	ssize_t len;

	while (got < n) {
		len = read(fan, ebuf, sizeof(ebuf));
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			die("answer: read");
		for (md = (void *)ebuf; FAN_EVENT_OK(md, len);
		     md = FAN_EVENT_NEXT(md, len)) {
			if (md->vers != FANOTIFY_METADATA_VERSION ||
			    md->mask != FAN_ACCESS_PERM || md->fd < 0 ||
			    got >= n) {
				errno = EPROTO;
				die("answer: event");
			}
			fds[got++] = md->fd;
		}
	}
}

static __u32 xorshift32(__u32 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Room in RLIMIT_NOFILE for the daemon to hold the fds of @n events */
static void nofile_for(int n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	if (rl.rlim_cur < (rlim_t)n + 64) {
		rl.rlim_cur = n + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			die("setrlimit");
	}
}

/*
 * A FAN_ACCESS_PERM group on the file @name and a->n reader threads of it,
 * waiting for their first round; returns the group, or -1 (reported as n/a)
 * if fewer threads could be started, @started of them.
 */
static int readers_start(const char *name, struct answer *a,
			 pthread_t *threads, int *started)
{
	char path[PATH_MAX];
	pthread_attr_t attr;
	int fan;

	nofile_for(a->n);
	case_file(path, sizeof(path), name);
	fan = group(FAN_CLASS_CONTENT);
	mark(fan, 0, FAN_ACCESS_PERM, path);
	a->fd = open_case(path);

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, ANSWER_STACK);
	for (*started = 0; *started < a->n; (*started)++) {
		errno = pthread_create(&threads[*started], &attr, answer_reader,
				       a);
		if (errno)
			break;
	}
	if (*started < a->n) {
		printf("# %s: thread %d: %s\n", name, *started, strerror(errno));
		printf("bench: %s n/a\n", name);
		close(fan);
		return -1;
	}
	return fan;
}

/* Stop the readers of readers_start() and close its group */
static void readers_stop(struct answer *a, pthread_t *threads, int started,
			 int fan)
{
	int i;

	answer_round(a, 1);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	close(a->fd);
	if (fan >= 0)
		close(fan);
}

static void run_answer(const char *name, int n, long answers)
{
	struct fanotify_response resp = { .response = FAN_ALLOW };
	pthread_t *threads = calloc(n, sizeof(*threads));
	int *fds = calloc(n, sizeof(*fds));
	long rounds = iterations(answers) / n, r;
	struct answer a = { .n = n };
	__u32 rng = ANSWER_SEED;
	long long total = 0, t0;
	int fan, i, k, tmp, started, done;

	if (!threads || !fds)
		die(name);
	if (rounds < 1)
		rounds = 1;
	fan = readers_start(name, &a, threads, &started);
	if (fan < 0)
		goto out;

	for (r = 0; r < rounds; r++) {
		alarm(WATCHDOG_S);
		answer_round(&a, 0);
		answer_read(fan, fds, n);
		/* The same order on both kernels */
		for (i = n - 1; i > 0; i--) {
			k = xorshift32(&rng) % (i + 1);
			tmp = fds[i];
			fds[i] = fds[k];
			fds[k] = tmp;
		}
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			resp.fd = fds[i];
			if (write(fan, &resp, sizeof(resp)) != sizeof(resp))
				die("answer: response");
		}
		while ((done = __atomic_load_n(&a.done, __ATOMIC_ACQUIRE)) != n)
			futex(&a.done, FUTEX_WAIT_PRIVATE, done);
		total += now_ns() - t0;
		for (i = 0; i < n; i++)
			close(fds[i]);
	}
	alarm(0);
	report(name, total, rounds * n);
out:
	readers_stop(&a, threads, started, fan);
	free(threads);
	free(fds);
}

/*
 * create_idle, create_4096_waiting: creating and unlinking a file, alone and
 * while 4096 readers wait for the answers to their FAN_ACCESS_PERM events
 * (read by the daemon, not answered yet). Creating a file ends with
 * unlock_new_inode(), a wake-up on the kernel's shared hash table of bit
 * wait queues: a kernel that queued the waiters of permission events there
 * (wait_var_event()) would make every such wake-up walk them.
 */
static void create_loop(long n)
{
	char path[PATH_MAX];
	long i;
	int fd;

	snprintf(path, sizeof(path), "%s/create", bench_dir);
	for (i = 0; i < n; i++) {
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0)
			die("create");
		close(fd);
		if (unlink(path))
			die("unlink");
	}
}

static void run_create(int n, long creates)
{
	struct fanotify_response resp = { .response = FAN_ALLOW };
	pthread_t *threads = calloc(n, sizeof(*threads));
	int *fds = calloc(n, sizeof(*fds));
	struct answer a = { .n = n };
	long iters = iterations(creates);
	int fan, i, started, done;
	char name[64];
	long long t0;

	if (!threads || !fds)
		die("create");
	create_loop(iters / 10 + 1);	/* warm the dentry and inode caches */
	t0 = now_ns();
	create_loop(iters);
	report("create_idle", now_ns() - t0, iters);

	snprintf(name, sizeof(name), "create_%d_waiting", n);
	fan = readers_start(name, &a, threads, &started);
	if (fan < 0)
		goto out;
	alarm(WATCHDOG_S);
	answer_round(&a, 0);
	answer_read(fan, fds, n);	/* every reader now waits */
	t0 = now_ns();
	create_loop(iters);
	t0 = now_ns() - t0;
	for (i = 0; i < n; i++) {
		resp.fd = fds[i];
		if (write(fan, &resp, sizeof(resp)) != sizeof(resp))
			die("create: response");
		close(fds[i]);
	}
	while ((done = __atomic_load_n(&a.done, __ATOMIC_ACQUIRE)) != n)
		futex(&a.done, FUTEX_WAIT_PRIVATE, done);
	alarm(0);
	report(name, t0, iters);
out:
	readers_stop(&a, threads, started, fan);
	free(threads);
	free(fds);
}

static void pingpong(int wfd, int rfd, long n)
{
	char c = 0;
	long i;

	for (i = 0; i < n; i++) {
		if (write(wfd, &c, 1) != 1 || read(rfd, &c, 1) != 1)
			die("pipe_pingpong");
	}
}

static void run_pipe(void)
{
	int ping[2], pong[2];
	long n = iterations(30000);
	long long t0;
	pid_t pid;
	char c;

	if (pipe(ping) || pipe(pong))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		/* Echo every byte until the parent closes its end */
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);

	alarm(WATCHDOG_S);
	pingpong(ping[1], pong[0], n / 10);
	t0 = now_ns();
	pingpong(ping[1], pong[0], n);
	report("pipe_pingpong", now_ns() - t0, n);
	alarm(0);

	close(ping[1]);
	close(pong[0]);
	waitpid(pid, NULL, 0);
}

/*
 * write(2) then read(2) of @len bytes, @n times each, in batches that the
 * file buffers without blocking; reports the two calls apart.
 */
/*
 * The cheapest of RUNS runs: these calls cost some 500-1700 instructions, and a
 * kernel thread or timer work that happens to run during one run would move
 * the result by more than the 0.5% that is measured.
 */
static void run_pseudo(const char *what, int wfd, int rfd, size_t len)
{
	long n = iterations(100000), i, j, batch = 64;
	long long tw, tr, t0, best_w = -1, best_r = -1;
	char name[64];
	__u64 v = 1;
	int run;

	alarm(WATCHDOG_S);
	for (run = 0; run < RUNS; run++) {
		tw = tr = 0;
		for (i = 0; i < n; i += batch) {
			t0 = now_ns();
			for (j = 0; j < batch; j++)
				if (write(wfd, &v, len) != (ssize_t)len)
					die(what);
			tw += now_ns() - t0;
			t0 = now_ns();
			for (j = 0; j < batch; j++)
				if (read(rfd, &v, len) != (ssize_t)len)
					die(what);
			tr += now_ns() - t0;
		}
		if (best_w < 0 || tw < best_w)
			best_w = tw;
		if (best_r < 0 || tr < best_r)
			best_r = tr;
	}
	alarm(0);
	snprintf(name, sizeof(name), "%s_write_%zu", what, len);
	report(name, best_w, i);
	snprintf(name, sizeof(name), "%s_read_%zu", what, len);
	report(name, best_r, i);
}

static void run_pseudos(void)
{
	int fds[2], efd;

	if (pipe(fds))
		die("pipe");
	run_pseudo("pipe", fds[1], fds[0], 1);
	close(fds[0]);
	close(fds[1]);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds)) {
		/* A kernel without CONFIG_UNIX */
		printf("bench: sock_write_1 n/a\nbench: sock_read_1 n/a\n");
	} else {
		run_pseudo("sock", fds[0], fds[1], 1);
		close(fds[0]);
		close(fds[1]);
	}
	/* A semaphore: each read takes one of the writes' counts */
	efd = eventfd(0, EFD_SEMAPHORE);
	if (efd < 0)
		die("eventfd");
	run_pseudo("eventfd", efd, efd, 8);
	close(efd);
}

int main(void)
{
	const char *s;
	char cs[64] = "";
	FILE *f;
	size_t i, j;

	bench_dir = getenv("BENCH_DIR") ?: "/mnt/bench";
	other_dir = getenv("BENCH_OTHER") ?: "/tmp/other";
	s = getenv("BENCH_SCALE");
	if (s)
		scale = atof(s);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mkdir(bench_dir, 0755) && errno != EEXIST)
		die(bench_dir);

	/* A jiffies clocksource would make every number a multiple of 4 ms */
	f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
	if (f) {
		if (!fgets(cs, sizeof(cs), f))
			cs[0] = 0;
		fclose(f);
	}
	printf("# clocksource: %s\n", strtok(cs, "\n") ?: "?");

	for (i = 0; i < ARRAY_SIZE(families); i++)
		for (j = 0; j < ARRAY_SIZE(ios); j++)
			run_io(&families[i], &ios[j]);
	run_rt("rt_pre_access", FAN_CLASS_PRE_CONTENT, FAN_PRE_ACCESS);
	run_rt("rt_access_perm", FAN_CLASS_CONTENT, FAN_ACCESS_PERM);
	run_answer("answer_16", 16, 8192);
	run_answer("answer_4096", 4096, 4096);
	run_create(4096, 2000);
	run_pipe();
	run_pseudos();
	return 0;
}
