/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FF-A notifications for Xen, mediated by libffamed.
 *
 * Replaces Xen 4.20's xen/arch/arm/tee/ffa_notif.c and keeps its interface.
 * Everything the mediator decides is in libffamed; this file only maps it
 * onto Xen: SMCs, vGIC injection, RCU domain lookup, a tasklet (and a
 * backoff timer) for the SRI, per-CPU tasklets that give SP vCPUs CPU time,
 * and the domain-teardown continuation for the bitmaps' destroy.
 */

#include <xen/const.h>
#include <xen/cpu.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/tasklet.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/types.h>
#include <xen/xmalloc.h>

#include <asm/regs.h>
#include <asm/smccc.h>
#include <asm/tee/ffa.h>
#include <asm/vgic.h>

#include "ffa_private.h"

static struct ffamed ffamed;
static bool __ro_after_init notif_sri_requested;
static unsigned int __ro_after_init notif_sri_irq;

/*
 * ffa-notif-sri=none|dom0|all: which domains also get the SRI and read their
 * own INFO_GET (Linux's SRI path). Guests that take the NPI, as Linux does,
 * need none: the default, so they do not log "Notification Info fetch
 * failed" for every notification.
 */
enum notif_sri_to { SRI_NONE, SRI_DOM0, SRI_ALL };
static enum notif_sri_to __ro_after_init notif_sri_to;

static int __init parse_ffa_notif_sri(const char *s)
{
    if ( !strcmp(s, "none") )
        notif_sri_to = SRI_NONE;
    else if ( !strcmp(s, "dom0") )
        notif_sri_to = SRI_DOM0;
    else if ( !strcmp(s, "all") )
        notif_sri_to = SRI_ALL;
    else
        return -EINVAL;
    return 0;
}
custom_param("ffa-notif-sri", parse_ffa_notif_sri);

static void xen_smc(void *host, const struct ffamed_regs *in,
                    struct ffamed_regs *out)
{
    /* x8..x17 zero: the notification ABIs use x0..x7 only. */
    struct arm_smccc_1_2_regs arg = {
        .a0 = in->x[0], .a1 = in->x[1], .a2 = in->x[2], .a3 = in->x[3],
        .a4 = in->x[4], .a5 = in->x[5], .a6 = in->x[6], .a7 = in->x[7],
    };
    struct arm_smccc_1_2_regs resp;

    arm_smccc_1_2_smc(&arg, &resp);
    out->x[0] = resp.a0; out->x[1] = resp.a1; out->x[2] = resp.a2;
    out->x[3] = resp.a3; out->x[4] = resp.a4; out->x[5] = resp.a5;
    out->x[6] = resp.a6; out->x[7] = resp.a7;
}

static struct vcpu *xen_vcpu(struct domain *d, uint16_t vcpu)
{
    if ( vcpu >= d->max_vcpus )
        return NULL;
    return d->vcpu[vcpu];
}

/* Edge injection: an SGI or PPI for an offline vCPU stays pending in its vGIC. */
static bool xen_irq_raise(void *host, void *host_vm, uint16_t vcpu,
                          uint32_t intid)
{
    struct domain *d = host_vm;
    struct vcpu *v = xen_vcpu(d, vcpu);

    if ( !v )
        return false;
    vgic_inject_irq(d, v, intid, true);
    return true;
}

static bool xen_vcpu_online(void *host, void *host_vm, uint16_t vcpu)
{
    struct vcpu *v = xen_vcpu(host_vm, vcpu);

    return v && is_vcpu_online(v);
}

/*
 * The RCU read lock keeps the domain, and d->arch.tee with it (freed in
 * free_domain_ctx after the grace period), alive until xen_vm_put(). A dying
 * domain is still found, as libffamed needs until its destroy is done.
 */
static struct ffamed_vm *xen_vm_get(void *host, uint16_t vm_id)
{
    struct domain *d = ffa_rcu_lock_domain_by_vm_id(vm_id);
    struct ffa_ctx *ctx;

    if ( !d )
        return NULL;
    ctx = d->arch.tee;
    if ( !ctx || !ctx->notif.vcpus )
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

/* Xen itself has no notification receivers yet: say so, rarely. */
static void xen_hyp_notified(void *host, bool per_vcpu, uint16_t vcpu)
{
    printk(XENLOG_G_INFO "ffa: notification for Xen (vCPU %u%s) ignored\n",
           vcpu, per_vcpu ? "" : ", global");
}

/*
 * SP vCPUs the SPMC lists need CPU time and Xen has no scheduler domain: run
 * them with FFA_RUN from a tasklet on the physical CPU their vCPU id names
 * (an MP SP's vCPU i runs on CPU i), or on this CPU for a global one.
 */
#define NOTIF_SP_RUN_SLOTS 4

struct notif_sp_run {
    spinlock_t lock;
    unsigned int n;
    uint16_t sp[NOTIF_SP_RUN_SLOTS];
    uint16_t vcpu[NOTIF_SP_RUN_SLOTS];
    struct tasklet tasklet;
};
static DEFINE_PER_CPU(struct notif_sp_run, notif_sp_run);

static void notif_sp_run_action(void *data)
{
    struct notif_sp_run *r = data;

    spin_lock(&r->lock);
    while ( r->n )
    {
        const uint16_t sp = r->sp[--r->n], vcpu = r->vcpu[r->n];
        struct arm_smccc_1_2_regs arg = {
            .a0 = FFA_RUN, .a1 = (uint32_t)sp << 16 | vcpu,
        };
        struct arm_smccc_1_2_regs resp;

        spin_unlock(&r->lock);
        arm_smccc_1_2_smc(&arg, &resp);
        if ( resp.a0 == FFA_ERROR )
            printk(XENLOG_G_WARNING "ffa: FFA_RUN %#x vCPU %u: error %d\n",
                   sp, vcpu, (int)resp.a2);
        spin_lock(&r->lock);
    }
    spin_unlock(&r->lock);
}

/* Per-CPU data exists once the CPU is up: each CPU sets up its own. */
static void notif_sp_run_init(void)
{
    struct notif_sp_run *r = &this_cpu(notif_sp_run);

    spin_lock_init(&r->lock);
    r->n = 0;
    tasklet_init(&r->tasklet, notif_sp_run_action, r);
}

static void xen_sp_pending(void *host, uint16_t sp, bool per_vcpu,
                           uint16_t vcpu)
{
    unsigned int cpu = per_vcpu ? vcpu : smp_processor_id();
    struct notif_sp_run *r;
    unsigned int i;

    if ( cpu >= nr_cpu_ids || !cpu_online(cpu) )
    {
        printk(XENLOG_G_WARNING "ffa: SP %#x vCPU %u has no CPU to run on\n",
               sp, vcpu);
        return;
    }
    r = &per_cpu(notif_sp_run, cpu);
    spin_lock(&r->lock);
    for ( i = 0; i < r->n && (r->sp[i] != sp || r->vcpu[i] != vcpu); i++ )
        ;
    if ( i == r->n && r->n < NOTIF_SP_RUN_SLOTS )
    {
        r->sp[r->n] = sp;
        r->vcpu[r->n++] = per_vcpu ? vcpu : 0;
    }
    else if ( i == r->n )
        printk(XENLOG_G_WARNING "ffa: SP %#x: too many SP vCPUs to run on CPU%u\n",
               sp, cpu);
    spin_unlock(&r->lock);
    tasklet_schedule_on_cpu(&r->tasklet, cpu);
}

/* One printk per message; rate-limited, as a guest or the SPMC can cause it. */
static void xen_log(void *host, enum ffamed_log_level level, const char *fmt,
                    va_list ap)
{
    static const char *const lvl[] = {
        [FFAMED_LOG_ERR] = XENLOG_G_ERR, [FFAMED_LOG_WARN] = XENLOG_G_WARNING,
        [FFAMED_LOG_INFO] = XENLOG_G_INFO, [FFAMED_LOG_DEBUG] = XENLOG_G_DEBUG,
    };
    char buf[160];

    vsnprintf(buf, sizeof(buf), fmt, ap);
    printk("%s%s", lvl[level], buf);
}

static const struct ffamed_ops xen_ffamed_ops = {
    .smc = xen_smc,
    .irq_raise = xen_irq_raise,
    .vm_get = xen_vm_get,
    .vm_put = xen_vm_put,
    .vcpu_online = xen_vcpu_online,
    .hyp_notified = xen_hyp_notified,
    .sp_pending = xen_sp_pending,
    .log = xen_log,
};

/*
 * Hand the guest's x0..x7 to libffamed and write x0..x7 back. False, with
 * the registers untouched, for calls libffamed does not own.
 */
static bool notif_guest_call(struct cpu_user_regs *regs)
{
    struct ffa_ctx *ctx = current->domain->arch.tee;
    struct ffamed_regs r;
    unsigned int n;

    for ( n = 0; n < FFAMED_NR_REGS; n++ )
        r.x[n] = get_user_reg(regs, n);
    if ( ffamed_guest_call(&ffamed, ctx && ctx->notif.vcpus ? &ctx->notif.vm
                                                             : NULL,
                           &r) == FFAMED_NOT_MINE )
        return false;
    for ( n = 0; n < FFAMED_NR_REGS; n++ )
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

/*
 * The SRI handler runs in a tasklet. When libffamed stops early (an SPMC that
 * keeps "more pending" set, or a full queue) it runs again after a timer
 * with doubling backoff, not at once: Xen runs tasklet work in the idle vCPU
 * and keeps picking it while work is queued, so an immediate reschedule
 * would starve the guests on this CPU. A new SRI runs it at once anyway.
 */
#define NOTIF_SRI_BACKOFF_MIN MICROSECS(100)
#define NOTIF_SRI_BACKOFF_MAX MILLISECS(10)

static void notif_sri_action(void *unused);
static DECLARE_TASKLET(notif_sri_tasklet, notif_sri_action, NULL);
static struct timer notif_sri_timer;
static s_time_t notif_sri_backoff;  /* only the tasklet touches it */

static void notif_sri_action(void *unused)
{
    if ( ffamed_sri_handle(&ffamed) == FFAMED_SRI_DONE )
    {
        notif_sri_backoff = 0;
        return;
    }
    notif_sri_backoff = notif_sri_backoff ? 2 * notif_sri_backoff
                                          : NOTIF_SRI_BACKOFF_MIN;
    if ( notif_sri_backoff > NOTIF_SRI_BACKOFF_MAX )
        notif_sri_backoff = NOTIF_SRI_BACKOFF_MAX;
    set_timer(&notif_sri_timer, NOW() + notif_sri_backoff);
}

static void notif_sri_timer_fn(void *unused)
{
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
    notif_sp_run_init();
    /* SGIs are per CPU: each CPU registers its own handler. */
    if ( notif_sri_requested && notif_sri_irq < NR_GIC_SGI )
        notif_request_sri(notif_sri_irq);
}

void ffa_notif_init(void)
{
    const struct ffamed_config cfg = {
        .npi_intid = GUEST_FFA_NOTIF_PEND_INTR_ID,
        .sri_intid = GUEST_FFA_SCHEDULE_RECV_INTR_ID,
    };
    unsigned int irq;
    int ret = ffamed_init(&ffamed, &xen_ffamed_ops, NULL, &cfg);

    if ( ret )
    {
        printk(XENLOG_ERR "ffa: libffamed init failed: %s\n",
               ffamed_strerror(ret));
        return;
    }
    notif_sp_run_init();
    init_timer(&notif_sri_timer, notif_sri_timer_fn, NULL, smp_processor_id());
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
    const bool sri_self = notif_sri_to == SRI_ALL ||
                          (notif_sri_to == SRI_DOM0 && is_hardware_domain(d));
    struct ffamed_vm_params p = {
        .id = ffa_get_vm_id(d),
        .vcpu_count = d->max_vcpus,
        .flags = sri_self ? FFAMED_VM_SRI_SELF : 0,
        .host_vm = d,
    };
    int ret;

    p.vcpus = xzalloc_array(struct ffamed_vcpu, d->max_vcpus);
    if ( !p.vcpus )
        return -ENOMEM;
    ret = ffamed_vm_init(&ffamed, &ctx->notif.vm, &p);
    if ( ret )
    {
        printk(XENLOG_G_ERR "%pd: ffa: notifications: %s\n", d,
               ffamed_strerror(ret));
        xfree(p.vcpus);
        return ret == -FFAMED_ERR_BUSY ? -EBUSY : ret == -FFAMED_ERR_INVAL ?
                                                  -EINVAL : -EIO;
    }
    /* Published last: xen_vm_get() finds the VM only once it is set. */
    ctx->notif.vcpus = p.vcpus;
    return 0;
}

/*
 * -ERESTART while libffamed has more to do (an SPMC that refuses DESTROY
 * while an SP keeps notifying): domain_kill continues us later. A domain
 * that failed to build cannot be continued: finish here, it is bounded.
 */
int ffa_notif_domain_destroy(struct domain *d)
{
    struct ffa_ctx *ctx = d->arch.tee;
    int ret;

    if ( !ctx->notif.vcpus )
        return 0;
    do
        ret = ffamed_vm_destroy(&ffamed, &ctx->notif.vm);
    while ( ret == -FFAMED_ERR_AGAIN && d->is_dying == DOMDYING_dead );
    if ( ret == -FFAMED_ERR_AGAIN )
        return -ERESTART;
    if ( ret && ret != -FFAMED_ERR_INVAL )
        printk(XENLOG_G_WARNING "%pd: ffa: notification bitmaps: %s\n", d,
               ffamed_strerror(ret));
    return 0;
}

/* After the RCU grace period: no ffamed_vm reference is left. */
void ffa_notif_domain_free(struct domain *d)
{
    struct ffa_ctx *ctx = d->arch.tee;

    XFREE(ctx->notif.vcpus);
}

void ffa_notif_vcpu_online(struct vcpu *v)
{
    struct ffa_ctx *ctx = v->domain->arch.tee;

    if ( ctx && ctx->notif.vcpus )
        ffamed_vcpu_online(&ffamed, &ctx->notif.vm, v->vcpu_id);
}
