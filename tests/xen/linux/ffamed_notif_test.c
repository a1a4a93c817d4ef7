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
 */
#include <linux/arm_ffa.h>
#include <linux/delay.h>
#include <linux/module.h>
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
	peer_dev = ffa_device_register(&info, ops);
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
