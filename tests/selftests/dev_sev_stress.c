// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: many processes using /dev/sev at once.  Eight processes, each
 * with its own descriptor, alternate PLATFORM_STATUS and PDH_CERT_EXPORT
 * for a fixed number of iterations; every call must succeed and every
 * process must see the same platform status and the same PDH certificate
 * chain, byte for byte, as the parent before and after.  In particular
 * the temporary INIT an export of an UNINIT platform needs must be
 * invisible to the others (upstream holds one lock for the whole ioctl).  A ninth process
 * is killed in the middle of its loop; the device must keep working.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "tap.h"
#include "sev_util.h"

#define NR_PROCS	8
#define ITERATIONS	200

/**
 * struct worker_result - what one process reports through its pipe
 * @done: iterations completed
 * @errors: calls that failed
 * @first_ret: errno of the first failure, 0 if none
 * @id_diff: statuses whose API version, build or owner flag differed
 * @state_diff: statuses whose platform state or flags differed
 * @first_state: state and flags of the first such status
 * @chain_diff: exports whose certificates differed from the first one
 * @digest: SHA-256 of the PDH and chain of the first export
 */
struct worker_result {
	int done;
	int errors;
	int first_ret;
	int id_diff;
	int state_diff;
	uint32_t first_state[2];
	int chain_diff;
	uint8_t digest[32];
};

static void digest(const struct sev_pdh_export *e, uint8_t *md)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len;

	memset(md, 0, 32);
	if (!ctx)
		return;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, &e->pdh, sizeof(e->pdh)) &&
	    EVP_DigestUpdate(ctx, e->chain, sizeof(e->chain)))
		EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
}

static void worker(int out, const struct sev_user_data_status *ref,
		   int iterations)
{
	struct worker_result res = { 0 };
	struct sev_user_data_status st;
	static struct sev_pdh_export e;
	uint8_t md[32];
	int fd, i, ret;

	fd = sev_open(O_RDWR);
	if (fd < 0) {
		res.errors = 1;
		res.first_ret = -errno;
		goto out;
	}
	for (i = 0; i < iterations; i++) {
		ret = sev_status(fd, &st);
		if (!ret) {
			res.id_diff += st.api_major != ref->api_major ||
				       st.api_minor != ref->api_minor ||
				       st.build != ref->build ||
				       (st.flags & 1) != (ref->flags & 1);
			if (st.state != ref->state || st.flags != ref->flags) {
				if (!res.state_diff++) {
					res.first_state[0] = st.state;
					res.first_state[1] = st.flags;
				}
			}
			ret = sev_export(fd, &e);
		}
		if (!ret) {
			digest(&e, md);
			if (i == 0)
				memcpy(res.digest, md, sizeof(md));
			else
				res.chain_diff += !!memcmp(md, res.digest,
							   sizeof(md));
		}
		if (ret) {
			res.errors++;
			if (!res.first_ret)
				res.first_ret = ret;
		}
		res.done++;
	}
	close(fd);
out:
	if (write(out, &res, sizeof(res)) != sizeof(res))
		_exit(2);
	_exit(0);
}

int main(void)
{
	struct worker_result res[NR_PROCS];
	struct sev_user_data_status ref, st;
	static struct sev_pdh_export e;
	uint8_t ref_md[32], md[32];
	int pipes[NR_PROCS][2], status, fd, i, ret, good, same, total;
	int id_ok, state_ok;
	pid_t pid[NR_PROCS], victim;
	struct timespec t0, t1;

	tap_plan(10);
	/* A wedged driver must fail the test, not hang the guest. */
	alarm(300);

	fd = sev_open(O_RDWR);
	tap_ok(fd >= 0, "open %s read-write", SEV_DEV_PATH);
	if (fd < 0)
		tap_bail(SEV_DEV_PATH);
	ret = sev_status(fd, &ref);
	if (!ret)
		ret = sev_export(fd, &e);
	digest(&e, ref_md);
	tap_ok(ret == 0, "reference PLATFORM_STATUS and PDH_CERT_EXPORT (ret %d)",
	       ret);

	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	victim = fork();
	if (victim == 0) {
		int dummy[2];

		if (pipe(dummy))
			_exit(1);
		worker(dummy[1], &ref, 1000000);
	}
	for (i = 0; i < NR_PROCS; i++) {
		if (pipe(pipes[i]))
			tap_bail("pipe");
		pid[i] = fork();
		if (pid[i] < 0)
			tap_bail("fork");
		if (pid[i] == 0) {
			close(pipes[i][0]);
			worker(pipes[i][1], &ref, ITERATIONS);
		}
		close(pipes[i][1]);
	}

	/* Kill the extra process while everybody is issuing commands. */
	usleep(200000);
	ret = victim > 0 ? kill(victim, SIGKILL) : -1;
	waitpid(victim, &status, 0);
	tap_ok(ret == 0 && WIFSIGNALED(status),
	       "a process killed in the middle of its commands");

	good = 0;
	same = 0;
	total = 0;
	id_ok = 0;
	state_ok = 0;
	for (i = 0; i < NR_PROCS; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		if (read(pipes[i][0], &res[i], sizeof(res[i])) != sizeof(res[i]))
			res[i].errors = -1;
		close(pipes[i][0]);
		waitpid(pid[i], &status, 0);
		if (res[i].done == ITERATIONS && res[i].errors == 0 &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			good++;
		else
			tap_diag("process %d: %d iterations, %d errors, first %d",
				 i, res[i].done, res[i].errors,
				 res[i].first_ret);
		id_ok += res[i].done == ITERATIONS && !res[i].id_diff;
		state_ok += res[i].done == ITERATIONS && !res[i].state_diff;
		if (res[i].state_diff)
			tap_diag("process %d: %d statuses with another state, first state %u flags %#x (reference state %u flags %#x)",
				 i, res[i].state_diff, res[i].first_state[0],
				 res[i].first_state[1], ref.state, ref.flags);
		same += !res[i].chain_diff &&
			!memcmp(res[i].digest, ref_md, sizeof(ref_md));
		total += res[i].done;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tap_ok(good == NR_PROCS,
	       "%d processes x %d iterations of PLATFORM_STATUS + PDH_CERT_EXPORT without error (%d of %d clean)",
	       NR_PROCS, ITERATIONS, good, NR_PROCS);
	tap_ok(same == NR_PROCS,
	       "every export of every process returned the parent's PDH chain (%d of %d)",
	       same, NR_PROCS);
	tap_ok(id_ok == NR_PROCS,
	       "every PLATFORM_STATUS reported the same API version, build and owner (%d of %d)",
	       id_ok, NR_PROCS);
	tap_ok(state_ok == NR_PROCS,
	       "no PLATFORM_STATUS saw another command's temporary INIT (%d of %d)",
	       state_ok, NR_PROCS);
	tap_diag("%d command pairs in %.2f s", total,
		 (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);

	/* The device still works, and nothing changed. */
	ret = sev_status(fd, &st);
	tap_ok(ret == 0 && !memcmp(&st, &ref, sizeof(st)),
	       "PLATFORM_STATUS after the storm is unchanged (ret %d)", ret);
	ret = sev_export(fd, &e);
	digest(&e, md);
	tap_ok(ret == 0 && !memcmp(md, ref_md, sizeof(md)),
	       "PDH_CERT_EXPORT after the storm is unchanged (ret %d)", ret);
	close(fd);
	fd = sev_open(O_RDWR);
	tap_ok(fd >= 0 && sev_status(fd, &st) == 0,
	       "the device opens and answers after the storm");
	if (fd >= 0)
		close(fd);
	return tap_exit();
}
