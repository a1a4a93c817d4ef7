// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM-to-VM FF-A notification ping-pong through the arm_ffa driver's notifier
 * ops, for libffamed's Xen boot test. Load it in two domains:
 *
 *   insmod ffamed_notif_test.ko peer=<FF-A id of the other VM> initiator=1 rounds=N
 *   insmod ffamed_notif_test.ko peer=<FF-A id of the other VM>
 *
 * The initiator sends notification PING to the peer; the peer answers each
 * PING with PONG; the initiator sends the next PING when a PONG arrives. One
 * notification is in flight at a time, so none can merge with another and
 * every count must match exactly. Counts are module parameters (read-only in
 * /sys/module/ffamed_notif_test/parameters/).
 *
 * With sp=<SP id> it also tries to bind a notification from that SP and to
 * send one to it, and reports both results: on a secure world without
 * notifications they must fail cleanly (NOT_SUPPORTED, -EOPNOTSUPP).
 */
#include <linux/arm_ffa.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#define PING 1
#define PONG 2

static ushort peer;
module_param(peer, ushort, 0444);
static bool initiator;
module_param(initiator, bool, 0444);
static uint rounds = 64;
module_param(rounds, uint, 0444);
static uint sent;
module_param(sent, uint, 0444);
static uint received;
module_param(received, uint, 0444);
static uint errors;
module_param(errors, uint, 0444);
static ushort sp;
module_param(sp, ushort, 0444);
static int sp_bind;
module_param(sp_bind, int, 0444);
static int sp_set;
module_param(sp_set, int, 0444);

/* Linux 6.12 registers a device with two arguments; 7.x also takes a parent. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define register_dev(info, ops) ffa_device_register(info, ops)
#else
#define register_dev(info, ops) ffa_device_register(info, ops, NULL)
#endif

static struct ffa_device *peer_dev;
static const struct ffa_notifier_ops *nops;
static struct workqueue_struct *wq;
static struct work_struct send_work;

/* Send our notification to the peer; the first may race the peer's bind. */
static void send_fn(struct work_struct *work)
{
	const int id = initiator ? PING : PONG;
	int rc, tries = 0;

	while ((rc = nops->notify_send(peer_dev, id, false, 0)) == -EACCES &&
	       initiator && sent == 0 && ++tries < 600)
		msleep(100);
	if (rc) {
		errors++;
		pr_err("ffamed-test: notify_send(%d) to 0x%x: %d\n", id, peer, rc);
		return;
	}
	sent++;
}

static void notified(int notify_id, void *cb_data)
{
	const int want = initiator ? PONG : PING;

	if (notify_id != want) {
		errors++;
		pr_err("ffamed-test: unexpected notification %d\n", notify_id);
		return;
	}
	received++;
	if (!initiator || received < rounds)
		queue_work(wq, &send_work);
	else
		pr_info("ffamed-test: done: sent %u, received %u\n", sent, received);
}

static void sp_notified(int notify_id, void *cb_data)
{
	pr_err("ffamed-test: SP 0x%x notified %d\n", sp, notify_id);
}

/* SP notifications, where the SPMC has none: both calls must fail cleanly. */
static void try_sp(const struct ffa_ops *ops)
{
	struct ffa_partition_info info = { .id = sp };
	struct ffa_device *sp_dev = register_dev(&info, ops);

	if (!sp_dev)
		return;
	sp_bind = nops->notify_request(sp_dev, false, sp_notified, NULL, 3);
	sp_set = nops->notify_send(sp_dev, 3, false, 0);
	if (!sp_bind)
		nops->notify_relinquish(sp_dev, 3);
	pr_info("ffamed-test: SP 0x%x: bind %d set %d\n", sp, sp_bind, sp_set);
	ffa_device_unregister(sp_dev);
}

/* Any device on the FF-A bus carries the driver's ops. */
static int take_ops(struct device *dev, void *data)
{
	*(const struct ffa_ops **)data = to_ffa_dev(dev)->ops;
	return 1;
}

static int __init notif_test_init(void)
{
	const struct ffa_ops *ops = NULL;
	struct ffa_partition_info info = { 0 };
	int rc;

	if (!peer)
		return -EINVAL;
	bus_for_each_dev(&ffa_bus_type, NULL, &ops, take_ops);
	if (!ops || !ops->notifier_ops) {
		pr_err("ffamed-test: no FF-A driver\n");
		return -ENODEV;
	}
	nops = ops->notifier_ops;
	info.id = peer;
	peer_dev = register_dev(&info, ops);
	if (!peer_dev)
		return -ENOMEM;
	wq = alloc_ordered_workqueue("ffamed-test", 0);
	if (!wq) {
		rc = -ENOMEM;
		goto out_dev;
	}
	INIT_WORK(&send_work, send_fn);
	rc = nops->notify_request(peer_dev, false, notified, NULL,
				  initiator ? PONG : PING);
	if (rc) {
		pr_err("ffamed-test: notify_request: %d\n", rc);
		goto out_wq;
	}
	pr_info("ffamed-test: bound to 0x%x as %s\n", peer,
		initiator ? "initiator" : "responder");
	if (sp)
		try_sp(ops);
	if (initiator)
		queue_work(wq, &send_work);
	return 0;

out_wq:
	destroy_workqueue(wq);
out_dev:
	ffa_device_unregister(peer_dev);
	return rc;
}

static void __exit notif_test_exit(void)
{
	nops->notify_relinquish(peer_dev, initiator ? PONG : PING);
	destroy_workqueue(wq);
	ffa_device_unregister(peer_dev);
}

module_init(notif_test_init);
module_exit(notif_test_exit);
MODULE_DESCRIPTION("FF-A VM-to-VM notification ping-pong (libffamed boot test)");
MODULE_LICENSE("GPL");
