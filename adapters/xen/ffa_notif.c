/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FF-A notifications for Xen, mediated by libffamed.
 *
 * Replaces Xen 4.20's xen/arch/arm/tee/ffa_notif.c and keeps its interface.
 * Everything the mediator decides is in libffamed; this file only maps it
 * onto Xen: SMCs, vGIC injection, RCU domain lookup and a tasklet for the SRI.
 */

#include <xen/const.h>
#include <xen/cpu.h>
#include <xen/irq.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/tasklet.h>
#include <xen/types.h>

#include <asm/regs.h>
#include <asm/smccc.h>
#include <asm/vgic.h>

#include "ffa_private.h"

static struct ffamed ffamed;
static bool __ro_after_init notif_sri_requested;
static unsigned int __ro_after_init notif_sri_irq;

static void xen_smc(void *host, const struct ffamed_regs *in,
                    struct ffamed_regs *out)
{
    struct arm_smccc_1_2_regs arg = {
        .a0 = in->x[0], .a1 = in->x[1], .a2 = in->x[2], .a3 = in->x[3],
        .a4 = in->x[4], .a5 = in->x[5], .a6 = in->x[6], .a7 = in->x[7],
        .a8 = in->x[8], .a9 = in->x[9], .a10 = in->x[10], .a11 = in->x[11],
        .a12 = in->x[12], .a13 = in->x[13], .a14 = in->x[14],
        .a15 = in->x[15], .a16 = in->x[16], .a17 = in->x[17],
    };
    struct arm_smccc_1_2_regs resp;

    arm_smccc_1_2_smc(&arg, &resp);
    out->x[0] = resp.a0; out->x[1] = resp.a1; out->x[2] = resp.a2;
    out->x[3] = resp.a3; out->x[4] = resp.a4; out->x[5] = resp.a5;
    out->x[6] = resp.a6; out->x[7] = resp.a7; out->x[8] = resp.a8;
    out->x[9] = resp.a9; out->x[10] = resp.a10; out->x[11] = resp.a11;
    out->x[12] = resp.a12; out->x[13] = resp.a13; out->x[14] = resp.a14;
    out->x[15] = resp.a15; out->x[16] = resp.a16; out->x[17] = resp.a17;
}

static struct vcpu *xen_vcpu(struct domain *d, uint16_t vcpu)
{
    if ( vcpu >= d->max_vcpus )
        return NULL;
    return d->vcpu[vcpu];
}

static void xen_irq_raise(void *host, void *host_vm, uint16_t vcpu,
                          uint32_t intid)
{
    struct domain *d = host_vm;
    struct vcpu *v = xen_vcpu(d, vcpu);

    if ( v )
        vgic_inject_irq(d, v, intid, true);
}

static bool xen_vcpu_online(void *host, void *host_vm, uint16_t vcpu)
{
    struct vcpu *v = xen_vcpu(host_vm, vcpu);

    return v && is_vcpu_online(v);
}

/*
 * The RCU read lock keeps the domain, and d->arch.tee with it (freed in
 * free_domain_ctx after the grace period), alive until xen_vm_put().
 */
static struct ffamed_vm *xen_vm_get(void *host, uint16_t vm_id)
{
    struct domain *d;
    struct ffa_ctx *ctx;

    if ( !vm_id )
        return NULL;
    d = ffa_rcu_lock_domain_by_vm_id(vm_id);
    if ( !d )
        return NULL;
    ctx = d->arch.tee;
    if ( !ctx )
    {
        rcu_unlock_domain(d);
        return NULL;
    }
    return &ctx->notif.vm;
}

static void xen_vm_put(void *host, struct ffamed_vm *vm)
{
    rcu_unlock_domain(ffamed_vm_host(vm));
}

static void xen_log(void *host, enum ffamed_log_level level, const char *fmt,
                    va_list ap)
{
    static const char *const lvl[] = {
        [FFAMED_LOG_ERR] = XENLOG_ERR, [FFAMED_LOG_WARN] = XENLOG_WARNING,
        [FFAMED_LOG_INFO] = XENLOG_INFO, [FFAMED_LOG_DEBUG] = XENLOG_DEBUG,
    };

    printk("%s", lvl[level]);
    vprintk(fmt, ap);
}

static const struct ffamed_ops xen_ffamed_ops = {
    .smc = xen_smc,
    .irq_raise = xen_irq_raise,
    .vm_get = xen_vm_get,
    .vm_put = xen_vm_put,
    .vcpu_online = xen_vcpu_online,
    .log = xen_log,
};

/*
 * Hand the guest's x0..x17 to libffamed and write x0..x7 back. False, with
 * the registers untouched, for calls libffamed does not own.
 */
static bool notif_guest_call(struct cpu_user_regs *regs)
{
    struct ffa_ctx *ctx = current->domain->arch.tee;
    struct ffamed_regs r;
    unsigned int n;

    for ( n = 0; n < FFAMED_NR_REGS; n++ )
        r.x[n] = get_user_reg(regs, n);
    if ( ffamed_guest_call(&ffamed, &ctx->notif.vm, &r) == FFAMED_NOT_MINE )
        return false;
    for ( n = 0; n < 8; n++ )
        set_user_reg(regs, n, r.x[n]);
    return true;
}

/* For ffa.c's callers that want the FF-A status back. */
static int32_t notif_call(struct cpu_user_regs *regs)
{
    if ( !notif_guest_call(regs) )
        return FFA_RET_NOT_SUPPORTED;
    if ( (uint32_t)get_user_reg(regs, 0) == FFA_ERROR )
        return (int32_t)(uint32_t)get_user_reg(regs, 2);
    return FFA_RET_OK;
}

int ffa_handle_notification_bind(struct cpu_user_regs *regs)
{
    return notif_call(regs);
}

int ffa_handle_notification_unbind(struct cpu_user_regs *regs)
{
    return notif_call(regs);
}

int ffa_handle_notification_set(struct cpu_user_regs *regs)
{
    return notif_call(regs);
}

void ffa_handle_notification_get(struct cpu_user_regs *regs)
{
    notif_call(regs);
}

void ffa_handle_notification_info_get(struct cpu_user_regs *regs)
{
    notif_call(regs);
}

bool ffa_notif_handle_features(struct cpu_user_regs *regs)
{
    return notif_guest_call(regs);
}

static void notif_sri_action(void *unused);
static DECLARE_TASKLET(notif_sri_tasklet, notif_sri_action, NULL);

static void notif_sri_action(void *unused)
{
    /* Bounded: an SPMC that never stops saying "more" gets us back later. */
    if ( ffamed_sri_handle(&ffamed) == FFAMED_SRI_AGAIN )
        tasklet_schedule(&notif_sri_tasklet);
}

static void notif_irq_handler(int irq, void *data)
{
    tasklet_schedule(&notif_sri_tasklet);
}

static int notif_request_sri(unsigned int irq)
{
    int ret = request_irq(irq, 0, notif_irq_handler, "FF-A notif", NULL);

    if ( ret )
        printk(XENLOG_ERR "ffa: request_irq irq %u failed: error %d\n",
               irq, ret);
    return ret;
}

void ffa_notif_init_interrupt(void)
{
    /* SGIs are per CPU: each CPU registers its own handler. */
    if ( notif_sri_requested && notif_sri_irq < NR_GIC_SGI )
        notif_request_sri(notif_sri_irq);
}

void ffa_notif_init(void)
{
    const struct ffamed_config cfg = {
        .npi_intid = GUEST_FFA_NOTIF_PEND_INTR_ID,
        .sri_intid = GUEST_FFA_SCHEDULE_RECV_INTR_ID,
        /*
         * NPI only: Linux 6.12 handles global notifications from its NPI
         * handler; an SRI as well only makes it log "fetch failed" (NO_DATA).
         */
        .sri_to_receiver = false,
    };
    unsigned int irq;

    if ( ffamed_init(&ffamed, &xen_ffamed_ops, NULL, &cfg) )
    {
        printk(XENLOG_ERR "ffa: libffamed init failed\n");
        return;
    }
    if ( ffamed_probe(&ffamed) )
    {
        printk(XENLOG_INFO
               "ffa: notifications mediated by libffamed: VM-to-VM only, the SPMC does not support notifications\n");
        return;
    }

    irq = ffamed_spmc_sri_intid(&ffamed);
    if ( irq >= NR_GIC_SGI )
        irq_set_type(irq, IRQ_TYPE_EDGE_RISING);
    if ( notif_request_sri(irq) )
        return;
    notif_sri_irq = irq;
    notif_sri_requested = true;
    printk(XENLOG_INFO
           "ffa: notifications mediated by libffamed: SP and VM-to-VM, SRI %u\n",
           irq);
}

int ffa_notif_domain_init(struct domain *d)
{
    struct ffa_ctx *ctx = d->arch.tee;
    int32_t res;

    res = ffamed_vm_init(&ffamed, &ctx->notif.vm, ffa_get_vm_id(d),
                         d->max_vcpus, d);
    switch ( res )
    {
    case FFA_RET_OK:
        return 0;
    case FFA_RET_NO_MEMORY:
        return -ENOMEM;
    case FFA_RET_INVALID_PARAMETERS:
        return -EINVAL;
    default:
        return -EIO;
    }
}

void ffa_notif_domain_destroy(struct domain *d)
{
    struct ffa_ctx *ctx = d->arch.tee;

    /* Drains, unbinds and retries: the SPMC slot is not leaked. */
    ffamed_vm_destroy(&ffamed, &ctx->notif.vm);
}
