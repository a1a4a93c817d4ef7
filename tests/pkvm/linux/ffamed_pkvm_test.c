// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The host kernel trying to act as FF-A endpoints other than its own (0)
 * under pKVM: each call goes out as a raw SMC (so no driver checks it), and
 * the line printed says what came back. EL2 with libffamed answers
 * INVALID_PARAMETERS to every "bad" call; stock 7.x answers NOT_SUPPORTED to
 * all of them, 6.12 forwards them to the SPMC. The "good" calls (the host as
 * endpoint 0) must reach the SPMC, whatever it answers.
 *   ffamed-pkvm-test: <bad|good> <name>: <reply>
 *   ffamed-pkvm-test: summary bad=N refused=N good=N
 */
#include <linux/arm-smccc.h>
#include <linux/module.h>

#define FFA_ERROR			0x84000060U
#define FFA_SUCCESS_32			0x84000061U
#define FFA_VERSION			0x84000063U
#define FFA_NOTIF_BITMAP_CREATE		0x8400007DU
#define FFA_NOTIF_BIND			0x8400007FU
#define FFA_NOTIF_UNBIND		0x84000080U
#define FFA_NOTIF_SET			0x84000081U
#define FFA_NOTIF_GET			0x84000082U
#define FFA_NOTIF_INFO_GET_64		0xC4000083U
#define FFA_INVALID_PARAMETERS		(-2)
#define FFA_NOT_SUPPORTED		(-1)

#define SP	0x8001U		/* a secure partition's id, as sender */
#define IDS(hi, lo)	(((unsigned long)(hi) << 16) | (lo))

struct call {
	bool bad;		/* the host acting as another endpoint */
	const char *name;
	unsigned long a0, a1, a2, a3, a4;
};

static const struct call calls[] = {
	{ true,  "bind receiver 5",        FFA_NOTIF_BIND, IDS(SP, 5), 0, 1, 0 },
	{ true,  "bind receiver SP",       FFA_NOTIF_BIND, IDS(SP, SP), 0, 1, 0 },
	{ true,  "bind flags reserved",    FFA_NOTIF_BIND, IDS(SP, 0), 1U << 4, 1, 0 },
	{ true,  "unbind receiver 5",      FFA_NOTIF_UNBIND, IDS(SP, 5), 0, 1, 0 },
	{ true,  "set sender 5",           FFA_NOTIF_SET, IDS(5, SP), 0, 1, 0 },
	{ true,  "set delay-SRI",          FFA_NOTIF_SET, IDS(0, SP), 1U << 1, 1, 0 },
	{ true,  "set flags reserved",     FFA_NOTIF_SET, IDS(0, SP), 1U << 8, 1, 0 },
	{ true,  "get receiver 5",         FFA_NOTIF_GET, 5, 1, 0, 0 },
	{ true,  "get flags reserved",     FFA_NOTIF_GET, 0, 1U << 5, 0, 0 },
	{ true,  "bitmap_create id 5",     FFA_NOTIF_BITMAP_CREATE, 5, 2, 0, 0 },
	{ false, "bind receiver 0",        FFA_NOTIF_BIND, IDS(SP, 0), 0, 1, 0 },
	{ false, "get receiver 0",         FFA_NOTIF_GET, 0, 1, 0, 0 },
	{ false, "unbind receiver 0",      FFA_NOTIF_UNBIND, IDS(SP, 0), 0, 1, 0 },
	{ false, "info_get_64",            FFA_NOTIF_INFO_GET_64, 0, 0, 0, 0 },
};

static int __init ffamed_pkvm_test_init(void)
{
	struct arm_smccc_1_2_regs args = { .a0 = FFA_VERSION, .a1 = 0x10002 };
	struct arm_smccc_1_2_regs res;
	unsigned int i, bad = 0, refused = 0, good = 0;

	/* pKVM refuses all but FFA_VERSION until a version is negotiated. */
	arm_smccc_1_2_smc(&args, &res);
	pr_info("ffamed-pkvm-test: version 0x%lx\n", res.a0);
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		const struct call *c = &calls[i];
		s32 err;

		args = (struct arm_smccc_1_2_regs){ .a0 = c->a0, .a1 = c->a1,
			.a2 = c->a2, .a3 = c->a3, .a4 = c->a4 };
		arm_smccc_1_2_smc(&args, &res);
		err = res.a0 == FFA_ERROR ? (s32)res.a2 : 0;
		pr_info("ffamed-pkvm-test: %s %s: %s %d\n", c->bad ? "bad" : "good",
			c->name, res.a0 == FFA_ERROR ? "error" :
			res.a0 == FFA_SUCCESS_32 ? "success" : "other", err);
		if (c->bad) {
			bad++;
			refused += err == FFA_INVALID_PARAMETERS;
		} else {
			good++;
		}
	}
	pr_info("ffamed-pkvm-test: summary bad=%u refused=%u good=%u\n",
		bad, refused, good);
	return 0;
}

static void __exit ffamed_pkvm_test_exit(void)
{
}

module_init(ffamed_pkvm_test_init);
module_exit(ffamed_pkvm_test_exit);
MODULE_DESCRIPTION("pKVM + libffamed: the host acting as other FF-A endpoints");
MODULE_LICENSE("Dual BSD/GPL");
